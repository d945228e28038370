// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

interface IERC20Like {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Lock-and-mint bridge escrow: tokens locked here back tokens minted on another chain, so a proof of
/// circulation must exclude this contract's balance. The relayer (owner) releases on the way back.
contract BridgeEscrow {
    IERC20Like public immutable token;
    address public owner;
    uint256 public nonce;

    event Locked(address indexed from, uint256 indexed destChainId, address recipient, uint256 amount, uint256 nonce);
    event Released(address indexed to, uint256 amount, uint256 srcNonce);

    constructor(address token_) {
        token = IERC20Like(token_);
        owner = msg.sender;
    }

    function lock(uint256 amount, uint256 destChainId, address recipient) external {
        require(token.transferFrom(msg.sender, address(this), amount), "transferFrom failed");
        emit Locked(msg.sender, destChainId, recipient, amount, nonce++);
    }

    function release(address to, uint256 amount, uint256 srcNonce) external {
        require(msg.sender == owner, "not relayer");
        require(token.transfer(to, amount), "transfer failed");
        emit Released(to, amount, srcNonce);
    }
}
