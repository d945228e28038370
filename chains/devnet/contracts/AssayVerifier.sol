// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// Verifies Assay proof-of-reserve reports on-chain: the EIP-712 signature (ecrecover), the signer against an
/// allow-list, and freshness. The struct hashed here is exactly the one Assay signs off-chain:
///   PorReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,uint256 circulating,uint256 ratio,
///             uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer)
///   ChainHeight(string chain,uint64 height,bytes32 blockHash)
/// Callers pass the EIP-712 encoding of `heights` (`heightsHash`, the report's `heightsDigest`) instead of the
/// array itself, which keeps calldata small; `hashHeights` recomputes it from the array when a caller wants to.
///
/// Domain: name "Assay", version "1", chainId = block.chainid and, if `bindToContract`, verifyingContract =
/// address(this). Reports must be signed for the same domain (Assay: assay.attest.chain-id / verifying-contract).
///
/// Solvency reports (`PorSolvencyReport`, Assay rounds of an asset with a liabilities publication) carry every member
/// of PorReport in the same order and then `Liabilities liabilities`:
///   PorSolvencyReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,uint256 circulating,
///             uint256 ratio,uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer,
///             Liabilities liabilities)
///   Liabilities(bytes32 root,uint256 total,uint64 leaves,uint64 publishedAt,uint256 ratio)
/// `verifySolvency` checks one like `verify` checks a PorReport; `verifyLiabilitiesRoot` also requires the signed
/// liabilities root to be the one the caller expects (the custodian's published Merkle-sum root). PorReport
/// verification is unchanged.
///
/// Rejections revert with a reason string starting "AssayVerifier: ".
contract AssayVerifier {
    struct Report {
        bytes32 assetId;      // keccak256 of the UTF-8 asset id
        uint80 roundId;       // feed round; 0 for an on-request snapshot
        uint8 decimals;       // decimals of reserves and circulating
        uint256 reserves;     // raw units
        uint256 circulating;  // raw units
        uint256 ratio;        // floor(reserves * 1e18 / circulating)
        uint64 timestamp;     // as-of time, Unix seconds
        uint64 validUntil;    // Unix seconds
        bytes32 heightsHash;  // EIP-712 encoding of ChainHeight[] heights
        address signer;       // the address that signed
    }

    struct Liabilities {
        bytes32 root;         // Merkle-sum root of the liabilities publication in force at the report's timestamp
        uint256 total;        // its total for the asset, raw units at `decimals`
        uint64 leaves;        // padded tree size
        uint64 publishedAt;   // the publication's time, Unix seconds (<= timestamp)
        uint256 ratio;        // floor(reserves * 1e18 / total); type(uint256).max when total is 0
    }

    struct ChainHeight {
        string chain;
        uint64 height;
        bytes32 blockHash;
    }

    bytes32 public constant REPORT_TYPEHASH = keccak256(
        "PorReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,uint256 circulating,uint256 ratio,"
        "uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer)"
        "ChainHeight(string chain,uint64 height,bytes32 blockHash)");
    bytes32 public constant SOLVENCY_REPORT_TYPEHASH = keccak256(
        "PorSolvencyReport(bytes32 assetId,uint80 roundId,uint8 decimals,uint256 reserves,uint256 circulating,"
        "uint256 ratio,uint64 timestamp,uint64 validUntil,ChainHeight[] heights,address signer,Liabilities liabilities)"
        "ChainHeight(string chain,uint64 height,bytes32 blockHash)"
        "Liabilities(bytes32 root,uint256 total,uint64 leaves,uint64 publishedAt,uint256 ratio)");
    bytes32 public constant LIABILITIES_TYPEHASH =
        keccak256("Liabilities(bytes32 root,uint256 total,uint64 leaves,uint64 publishedAt,uint256 ratio)");
    bytes32 public constant CHAIN_HEIGHT_TYPEHASH = keccak256("ChainHeight(string chain,uint64 height,bytes32 blockHash)");
    bytes32 private constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId)");
    bytes32 private constant DOMAIN_TYPEHASH_WITH_CONTRACT =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("Assay");
    bytes32 private constant VERSION_HASH = keccak256("1");
    /// secp256k1 order / 2: a signature with a larger s is the malleable twin of a canonical one.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// How far in the future a report's as-of time may be (clock differences).
    uint64 public constant MAX_CLOCK_SKEW = 300;

    address public owner;
    bool public immutable bindToContract;
    /// A report older than this (block.timestamp - timestamp, seconds) is refused.
    uint64 public maxAge;
    mapping(address => bool) public allowedSigner;

    event SignerSet(address indexed signer, bool allowed);
    event MaxAgeSet(uint64 maxAge);
    event OwnershipTransferred(address indexed from, address indexed to);

    modifier onlyOwner() {
        require(msg.sender == owner, "AssayVerifier: not owner");
        _;
    }

    constructor(address[] memory signers, uint64 maxAge_, bool bindToContract_) {
        owner = msg.sender;
        bindToContract = bindToContract_;
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
        for (uint256 i = 0; i < signers.length; i++) {
            allowedSigner[signers[i]] = true;
            emit SignerSet(signers[i], true);
        }
    }

    function setSigner(address signer, bool allowed) external onlyOwner {
        allowedSigner[signer] = allowed;
        emit SignerSet(signer, allowed);
    }

    function setMaxAge(uint64 maxAge_) external onlyOwner {
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    function transferOwnership(address to) external onlyOwner {
        emit OwnershipTransferred(owner, to);
        owner = to;
    }

    /// The EIP-712 domain separator, computed for the current chain id (safe across chain forks).
    function domainSeparator() public view returns (bytes32) {
        if (bindToContract) {
            return keccak256(abi.encode(DOMAIN_TYPEHASH_WITH_CONTRACT, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
        }
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid));
    }

    /// EIP-712 encoding of a ChainHeight[] (the report's heightsDigest).
    function hashHeights(ChainHeight[] calldata heights) public pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](heights.length);
        for (uint256 i = 0; i < heights.length; i++) {
            hashes[i] = keccak256(abi.encode(CHAIN_HEIGHT_TYPEHASH, keccak256(bytes(heights[i].chain)),
                heights[i].height, heights[i].blockHash));
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /// hashStruct(PorReport). Encoded in two halves: every member is one 32-byte word, so the concatenation equals
    /// a single abi.encode, without running out of stack slots.
    function hashReport(Report calldata r) public pure returns (bytes32) {
        return keccak256(bytes.concat(
            abi.encode(REPORT_TYPEHASH, r.assetId, r.roundId, r.decimals, r.reserves, r.circulating),
            abi.encode(r.ratio, r.timestamp, r.validUntil, r.heightsHash, r.signer)));
    }

    /// The digest the signer signed: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(report)).
    function digest(Report calldata r) public view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), hashReport(r)));
    }

    /// The address that made `signature` (65 bytes r ‖ s ‖ v) over `hash`; reverts on a non-canonical signature.
    function recover(bytes32 hash, bytes calldata signature) public pure returns (address) {
        require(signature.length == 65, "AssayVerifier: signature must be 65 bytes");
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        require(uint256(s) <= HALF_ORDER, "AssayVerifier: malleable signature (s in upper half)");
        require(v == 27 || v == 28, "AssayVerifier: signature v must be 27 or 28");
        address signer = ecrecover(hash, v, r, s);
        require(signer != address(0), "AssayVerifier: invalid signature");
        return signer;
    }

    /// hashStruct(Liabilities).
    function hashLiabilities(Liabilities calldata l) public pure returns (bytes32) {
        return keccak256(abi.encode(LIABILITIES_TYPEHASH, l.root, l.total, l.leaves, l.publishedAt, l.ratio));
    }

    /// hashStruct(PorSolvencyReport): the PorReport members, then hashStruct(liabilities).
    function hashSolvencyReport(Report calldata r, Liabilities calldata l) public pure returns (bytes32) {
        return keccak256(bytes.concat(
            abi.encode(SOLVENCY_REPORT_TYPEHASH, r.assetId, r.roundId, r.decimals, r.reserves, r.circulating),
            abi.encode(r.ratio, r.timestamp, r.validUntil, r.heightsHash, r.signer, hashLiabilities(l))));
    }

    /// The digest the signer signed for a solvency report.
    function solvencyDigest(Report calldata r, Liabilities calldata l) public view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), hashSolvencyReport(r, l)));
    }

    /// Checks a solvency report like `verify` checks a PorReport, and that its liabilities were published at or
    /// before its timestamp; returns the signer.
    function verifySolvency(Report calldata r, Liabilities calldata l, bytes calldata signature)
        public view returns (address)
    {
        require(l.publishedAt <= r.timestamp, "AssayVerifier: liabilities published after the report");
        return checkSigned(solvencyDigest(r, l), r, signature);
    }

    /// `verifySolvency`, and the signed liabilities root must be `expectedRoot`.
    function verifyLiabilitiesRoot(Report calldata r, Liabilities calldata l, bytes calldata signature,
                                   bytes32 expectedRoot) external view returns (address)
    {
        require(l.root == expectedRoot, "AssayVerifier: liabilities root mismatch");
        return verifySolvency(r, l, signature);
    }

    /// Checks a report and returns its signer; reverts with the reason when the signature does not match the
    /// report's signer, the signer is not allowed, or the report is expired, too old or from the future.
    function verify(Report calldata r, bytes calldata signature) public view returns (address) {
        return checkSigned(digest(r), r, signature);
    }

    function checkSigned(bytes32 hash, Report calldata r, bytes calldata signature) private view returns (address) {
        address signer = recover(hash, signature);
        require(signer == r.signer, "AssayVerifier: signature does not match the report's signer");
        require(allowedSigner[signer], "AssayVerifier: signer not allowed");
        require(r.timestamp <= block.timestamp + MAX_CLOCK_SKEW, "AssayVerifier: report from the future");
        require(block.timestamp <= r.validUntil, "AssayVerifier: report expired");
        require(block.timestamp <= r.timestamp || block.timestamp - r.timestamp <= maxAge, "AssayVerifier: report too old");
        return signer;
    }
}
