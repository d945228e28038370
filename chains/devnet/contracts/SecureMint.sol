// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./AssayVerifier.sol";

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
/// Rejections revert with a reason string ("SecureMint: ..." or the verifier's "AssayVerifier: ...").
contract SecureMint {
    AssayVerifier public immutable verifier;
    IMintable public immutable token;
    bytes32 public immutable assetId;
    uint8 public immutable decimals;
    address public minter;

    /// Cumulative amount minted here, checkpointed per block timestamp (ascending).
    uint64[] private checkpointTimes;
    uint256[] private checkpointTotals;

    event SecureMinted(address indexed to, uint256 amount, uint80 roundId, uint256 reserves, uint256 circulating);

    constructor(AssayVerifier verifier_, IMintable token_, string memory assetId_, uint8 decimals_) {
        verifier = verifier_;
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
        require(msg.sender == minter, "SecureMint: not minter");
        require(report.assetId == assetId, "SecureMint: report is for another asset");
        require(report.decimals == decimals, "SecureMint: report decimals differ from the token's");
        verifier.verify(report, signature);
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
