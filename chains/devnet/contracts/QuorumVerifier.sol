// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./AssayVerifier.sol";

/// Accepts Assay quorum bundles (docs/quorum.md): one report signed by at least k distinct allowed signers. A quorum
/// report is the PorReport AssayVerifier hashes, with `signer` = address(0): every node signs the same digest, and each
/// signer is recovered from its signature. Signatures come packed (65 bytes r ‖ s ‖ v each) in strictly ascending
/// order of their signers' addresses, which rules out counting one signer twice without a bitmap or a loop over
/// the earlier signers.
///
/// `check` verifies a bundle (view); `transmit` verifies it and records it as the asset's latest accepted round: the
/// round must be above the last accepted one (a replayed or older bundle is refused).
///
/// Rejections revert with a reason string starting "QuorumVerifier: ".
contract QuorumVerifier {
    bytes32 private constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId)");
    bytes32 private constant DOMAIN_TYPEHASH_WITH_CONTRACT =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant REPORT_TYPEHASH = keccak256(
        "PorReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,uint256 circulating,uint256 ratio,"
        "uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer)"
        "ChainHeight(string chain,uint64 height,bytes32 blockHash)");
    bytes32 private constant NAME_HASH = keccak256("Assay");
    bytes32 private constant VERSION_HASH = keccak256("1");
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint64 public constant MAX_CLOCK_SKEW = 300;

    address public owner;
    bool public immutable bindToContract;
    /// Signatures of distinct allowed signers a bundle needs.
    uint8 public k;
    /// Number of allowed signers (n).
    uint8 public signerCount;
    /// A report older than this (block.timestamp - timestamp, seconds) is refused.
    uint64 public maxAge;
    mapping(address => bool) public allowedSigner;

    struct Accepted {
        uint80 roundId;
        uint64 timestamp;
        bytes32 digest;
    }

    /// The latest accepted round per asset (keccak256 of the asset id).
    mapping(bytes32 => Accepted) public latest;

    event SignerSet(address indexed signer, bool allowed);
    event ThresholdSet(uint8 k);
    event Transmitted(bytes32 indexed assetId, uint80 roundId, uint256 reserves, uint256 circulating, uint64 timestamp,
        bytes32 digest);

    modifier onlyOwner() {
        require(msg.sender == owner, "QuorumVerifier: not owner");
        _;
    }

    constructor(address[] memory signers, uint8 k_, uint64 maxAge_, bool bindToContract_) {
        owner = msg.sender;
        bindToContract = bindToContract_;
        maxAge = maxAge_;
        for (uint256 i = 0; i < signers.length; i++) {
            _setSigner(signers[i], true);
        }
        _setK(k_);
    }

    function setSigner(address signer, bool allowed) external onlyOwner {
        _setSigner(signer, allowed);
        require(k <= signerCount, "QuorumVerifier: k above the number of signers");
    }

    function setK(uint8 k_) external onlyOwner {
        _setK(k_);
    }

    function setMaxAge(uint64 maxAge_) external onlyOwner {
        maxAge = maxAge_;
    }

    function _setSigner(address signer, bool allowed) private {
        require(signer != address(0), "QuorumVerifier: zero signer");
        if (allowedSigner[signer] != allowed) {
            allowedSigner[signer] = allowed;
            if (allowed) signerCount++; else signerCount--;
            emit SignerSet(signer, allowed);
        }
    }

    function _setK(uint8 k_) private {
        require(k_ >= 1 && k_ <= signerCount, "QuorumVerifier: k must be in [1, number of signers]");
        // two disagreeing reports must not both reach k
        require(2 * uint256(k_) > signerCount, "QuorumVerifier: k must be more than half the signers");
        k = k_;
        emit ThresholdSet(k_);
    }

    function domainSeparator() public view returns (bytes32) {
        if (bindToContract) {
            return keccak256(abi.encode(DOMAIN_TYPEHASH_WITH_CONTRACT, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
        }
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid));
    }

    /// The digest every signer of the bundle signed.
    function digest(AssayVerifier.Report calldata r) public view returns (bytes32) {
        bytes32 h = keccak256(bytes.concat(
            abi.encode(REPORT_TYPEHASH, r.assetId, r.roundId, r.decimals, r.reserves, r.circulating),
            abi.encode(r.ratio, r.timestamp, r.validUntil, r.heightsHash, r.signer)));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), h));
    }

    /// Verifies a bundle: no signer inside the report, at least k signatures, each canonical (low s, v 27/28) by an
    /// allowed signer, signers strictly ascending, and the report fresh. Returns the report's digest.
    function check(AssayVerifier.Report calldata r, bytes calldata signatures) public view returns (bytes32 d) {
        require(r.signer == address(0), "QuorumVerifier: a quorum report names no signer");
        require(signatures.length % 65 == 0, "QuorumVerifier: signatures must be 65 bytes each");
        uint256 n = signatures.length / 65;
        require(n >= k, "QuorumVerifier: fewer than k signatures");
        require(r.timestamp <= block.timestamp + MAX_CLOCK_SKEW, "QuorumVerifier: report from the future");
        require(block.timestamp <= r.validUntil, "QuorumVerifier: report expired");
        require(block.timestamp <= r.timestamp || block.timestamp - r.timestamp <= maxAge, "QuorumVerifier: report too old");
        d = digest(r);
        address prev = address(0);
        for (uint256 i = 0; i < n;) {
            bytes32 sr;
            bytes32 ss;
            uint8 v;
            assembly { // signature i: r ‖ s ‖ v at signatures[65 i ..]; the length was checked above
                let o := add(signatures.offset, mul(i, 65))
                sr := calldataload(o)
                ss := calldataload(add(o, 32))
                v := byte(0, calldataload(add(o, 64)))
            }
            require(uint256(ss) <= HALF_ORDER, "QuorumVerifier: malleable signature (s in upper half)");
            require(v == 27 || v == 28, "QuorumVerifier: signature v must be 27 or 28");
            address signer;
            assembly { // ecrecover at the free memory pointer, without allocating per signature
                let m := mload(0x40)
                mstore(m, d)
                mstore(add(m, 32), v)
                mstore(add(m, 64), sr)
                mstore(add(m, 96), ss)
                mstore(0, 0) // no answer (invalid signature) leaves address(0)
                pop(staticcall(gas(), 1, m, 128, 0, 32))
                signer := mload(0)
            }
            require(signer != address(0), "QuorumVerifier: invalid signature");
            require(signer > prev, "QuorumVerifier: signers not in strictly ascending order (or repeated)");
            require(allowedSigner[signer], "QuorumVerifier: signer not allowed");
            prev = signer;
            unchecked { ++i; }
        }
    }

    /// Verifies a bundle and records it as the asset's latest accepted round (the round must be above the last).
    function transmit(AssayVerifier.Report calldata r, bytes calldata signatures) external returns (bytes32 d) {
        Accepted storage last = latest[r.assetId];
        require(r.roundId > last.roundId, "QuorumVerifier: round not above the last accepted one");
        d = check(r, signatures);
        last.roundId = r.roundId;
        last.timestamp = r.timestamp;
        last.digest = d;
        emit Transmitted(r.assetId, r.roundId, r.reserves, r.circulating, r.timestamp, d);
    }

    /// True if `r` is the asset's latest accepted report and still fresh (used without its signatures again).
    function isLatestAccepted(AssayVerifier.Report calldata r) external view returns (bool) {
        Accepted storage last = latest[r.assetId];
        return last.roundId == r.roundId && last.digest == digest(r) && block.timestamp <= r.validUntil
            && (block.timestamp <= r.timestamp || block.timestamp - r.timestamp <= maxAge);
    }
}
