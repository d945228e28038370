package io.assay.descriptor;

import java.util.Arrays;

/** Appends opcodes, minimal data pushes and minimal numbers to a growing script. */
final class ScriptWriter {
    static final int OP_0 = 0x00;
    static final int OP_PUSHDATA1 = 0x4c;
    static final int OP_PUSHDATA2 = 0x4d;
    static final int OP_1 = 0x51;
    static final int OP_DUP = 0x76;
    static final int OP_EQUAL = 0x87;
    static final int OP_EQUALVERIFY = 0x88;
    static final int OP_NUMEQUAL = 0x9c;
    static final int OP_HASH160 = 0xa9;
    static final int OP_CHECKSIG = 0xac;
    static final int OP_CHECKMULTISIG = 0xae;
    static final int OP_CHECKSIGADD = 0xba;

    private byte[] buf;
    private int len;

    ScriptWriter(int capacity) {
        buf = new byte[Math.max(capacity, 8)];
    }

    ScriptWriter op(int opcode) {
        ensure(1);
        buf[len++] = (byte) opcode;
        return this;
    }

    /** A push of {@code data} with the shortest encoding (direct length byte up to 75 bytes). */
    ScriptWriter push(byte[] data) {
        int n = data.length;
        if (n <= 75) {
            op(n);
        } else if (n <= 0xff) {
            op(OP_PUSHDATA1).op(n);
        } else if (n <= 0xffff) {
            op(OP_PUSHDATA2).op(n & 0xff).op(n >>> 8);
        } else {
            throw new IllegalArgumentException("push of " + n + " bytes is larger than a script allows");
        }
        ensure(n);
        System.arraycopy(data, 0, buf, len, n);
        len += n;
        return this;
    }

    /**
     * A non-negative number as script code does it: {@code OP_0}, {@code OP_1}..{@code OP_16}, otherwise a
     * push of its minimal little-endian sign-magnitude encoding.
     */
    ScriptWriter number(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative script number " + v);
        }
        if (v == 0) {
            return op(OP_0);
        }
        if (v <= 16) {
            return op(OP_1 + (int) v - 1);
        }
        byte[] tmp = new byte[9];
        int n = 0;
        while (v > 0) {
            tmp[n++] = (byte) (v & 0xff);
            v >>>= 8;
        }
        if ((tmp[n - 1] & 0x80) != 0) {
            tmp[n++] = 0; // the top bit is the sign: add a zero byte so the number stays positive
        }
        return push(Arrays.copyOf(tmp, n));
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
