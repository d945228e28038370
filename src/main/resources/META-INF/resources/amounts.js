/*
 * Exact amount formatting for the dashboard. The API sends amounts as strings (raw integer units and exact
 * decimals); these functions work on the digits only. Money never goes through a JS Number here: a float
 * would silently round amounts past 2^53 raw units (90 million BTC in satoshis, 0.009 ETH in wei).
 */
(function (root) {
  'use strict';

  /** "1250000000", 8 -> "12.50000000" (sign kept). */
  function rawToDecimal(raw, decimals) {
    const s = String(raw);
    const neg = s.startsWith('-');
    let digits = neg ? s.slice(1) : s;
    if (!/^[0-9]+$/.test(digits)) {
      throw new Error('not a raw integer amount: ' + s);
    }
    if (decimals === 0) {
      return (neg ? '-' : '') + stripLeadingZeros(digits);
    }
    digits = digits.padStart(decimals + 1, '0');
    const int = stripLeadingZeros(digits.slice(0, digits.length - decimals));
    return (neg ? '-' : '') + int + '.' + digits.slice(digits.length - decimals);
  }

  /**
   * What the user typed in asset units ("0.5", "1,000.25") -> raw integer string at `decimals`.
   * Throws an Error with a message for the form when the text is not a positive amount or has too many decimals.
   */
  function decimalToRaw(text, decimals) {
    const s = String(text).trim().replace(/[,_ ]/g, '');
    const m = /^([0-9]*)(?:\.([0-9]*))?$/.exec(s);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) {
      throw new Error('enter a positive amount such as 0.5 (digits and one decimal point)');
    }
    const frac = (m[2] || '').replace(/0+$/, '');
    if (frac.length > decimals) {
      throw new Error('at most ' + decimals + ' decimal places');
    }
    const raw = stripLeadingZeros((m[1] || '0') + frac.padEnd(decimals, '0'));
    if (raw === '0') {
      throw new Error('the amount must be more than 0');
    }
    return raw;
  }

  /** "1234567.50000000" -> "1,234,567.5" (trailing fraction zeros dropped down to `minFraction` digits). */
  function formatDecimal(decimal, minFraction) {
    if (decimal === null || decimal === undefined) {
      return '–';
    }
    const s = String(decimal);
    const neg = s.startsWith('-');
    const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
    let f = frac.replace(/0+$/, '');
    const min = minFraction === undefined ? 2 : minFraction;
    if (f.length < min && frac.length > 0) {
      f = (frac + '0'.repeat(min)).slice(0, min);
    }
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '-' : '') + grouped + (f ? '.' + f : '');
  }

  /** "1.285714285714285714" -> "1.2857" (truncated, never rounded up: a ratio must not look better than it is). */
  function formatRatio(ratio, digits) {
    if (ratio === null || ratio === undefined) {
      return '–';
    }
    const [int, frac = ''] = String(ratio).split('.');
    const n = digits === undefined ? 4 : digits;
    return int + (n > 0 ? '.' + frac.slice(0, n).padEnd(n, '0') : '');
  }

  function stripLeadingZeros(d) {
    const t = d.replace(/^0+/, '');
    return t === '' ? '0' : t;
  }

  const api = {rawToDecimal, decimalToRaw, formatDecimal, formatRatio};
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AssayAmounts = api;
  }
})(typeof window !== 'undefined' ? window : globalThis);
