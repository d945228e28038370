// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./AssayVerifier.sol";
import "./QuorumVerifier.sol";

interface IMintable {
    function mint(address to, uint256 amount) external;
}

/// Example of a secure mint: the minter may mint only with a fresh Assay report, signed by an allowed signer, for
/// this asset, whose reserves cover the circulating supply plus the mint.
///
/// A report's circulating figure is as of its timestamp, so it cannot include mints made here after that time.
/// This contract therefore adds everything it minted in blocks later than the report's as-of time. Mints made
/// elsewhere (another chain, another minter) after the report are not visible here: keep reports fresh (the
/// verifier's max age) and mint from one place per asset.
///
/// Quorum mode (`quorum` set at deployment): only quorum bundles count (docs/quorum.md), a report signed by k of the
/// n independent Assay nodes; `mint` with a single signature is refused. `mintWithQuorum` accepts a bundle of a
/// round above the last accepted one (it transmits it to the QuorumVerifier), or the latest accepted report again
/// (several mints per round), never an older round.
///
/// Rejections revert with a reason string ("SecureMint: ..." or the verifier's "AssayVerifier: ...").
contract SecureMint {
    AssayVerifier public immutable verifier;
    /// Non-zero: quorum mode.
    QuorumVerifier public immutable quorum;
    IMintable public immutable token;
    bytes32 public immutable assetId;
    uint8 public immutable decimals;
    address public minter;

    /// Cumulative amount minted here, checkpointed per block timestamp (ascending).
    uint64[] private checkpointTimes;
    uint256[] private checkpointTotals;

    event SecureMinted(address indexed to, uint256 amount, uint80 roundId, uint256 reserves, uint256 circulating);

    constructor(AssayVerifier verifier_, QuorumVerifier quorum_, IMintable token_, string memory assetId_, uint8 decimals_) {
        verifier = verifier_;
        quorum = quorum_;
        token = token_;
        assetId = keccak256(bytes(assetId_));
        decimals = decimals_;
        minter = msg.sender;
    }

    function setMinter(address to) external {
        require(msg.sender == minter, "SecureMint: not minter");
        minter = to;
    }

    /// Total minted through this contract.
    function totalMinted() public view returns (uint256) {
        uint256 n = checkpointTotals.length;
        return n == 0 ? 0 : checkpointTotals[n - 1];
    }

    /// Amount minted here in blocks with a timestamp later than `t` (not yet counted by a report as of `t`).
    function mintedAfter(uint64 t) public view returns (uint256) {
        uint256 lo = 0;
        uint256 hi = checkpointTimes.length;
        while (lo < hi) { // first checkpoint with time > t
            uint256 mid = (lo + hi) / 2;
            if (checkpointTimes[mid] <= t) lo = mid + 1; else hi = mid;
        }
        uint256 before = lo == 0 ? 0 : checkpointTotals[lo - 1];
        return totalMinted() - before;
    }

    function mint(address to, uint256 amount, AssayVerifier.Report calldata report, bytes calldata signature) external {
        require(address(quorum) == address(0), "SecureMint: quorum mode accepts only quorum bundles");
        require(msg.sender == minter, "SecureMint: not minter");
        require(report.assetId == assetId, "SecureMint: report is for another asset");
        require(report.decimals == decimals, "SecureMint: report decimals differ from the token's");
        verifier.verify(report, signature);
        _mint(to, amount, report);
    }

    /// Quorum mode: mints with a bundle (report + k signatures, ascending by signer) or the latest accepted report.
    function mintWithQuorum(address to, uint256 amount, AssayVerifier.Report calldata report, bytes calldata signatures)
        external
    {
        require(address(quorum) != address(0), "SecureMint: not in quorum mode");
        require(msg.sender == minter, "SecureMint: not minter");
        require(report.assetId == assetId, "SecureMint: report is for another asset");
        require(report.decimals == decimals, "SecureMint: report decimals differ from the token's");
        (uint80 lastRound,,) = quorum.latest(assetId);
        if (report.roundId > lastRound) {
            quorum.transmit(report, signatures);
        } else {
            require(quorum.isLatestAccepted(report), "SecureMint: not the latest accepted round (replayed or stale bundle)");
        }
        _mint(to, amount, report);
    }

    function _mint(address to, uint256 amount, AssayVerifier.Report calldata report) private {
        require(report.reserves >= report.circulating + mintedAfter(report.timestamp) + amount,
            "SecureMint: reserves do not cover circulating supply plus this mint");
        _record(amount);
        token.mint(to, amount);
        emit SecureMinted(to, amount, report.roundId, report.reserves, report.circulating);
    }

    function _record(uint256 amount) private {
        uint64 now_ = uint64(block.timestamp);
        uint256 n = checkpointTimes.length;
        if (n > 0 && checkpointTimes[n - 1] == now_) {
            checkpointTotals[n - 1] += amount;
        } else {
            checkpointTimes.push(now_);
            checkpointTotals.push(totalMinted() + amount);
        }
    }
}
