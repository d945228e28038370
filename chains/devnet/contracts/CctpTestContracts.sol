// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// Minimal stand-ins for Circle's CCTP V1 contracts (TokenMessenger, MessageTransmitter), for Assay's tests only.
/// Circle's contracts are not published on the npm registry these machines reach, so these are written from Circle's
/// documented interface: they emit the documented events with the documented fields and encodings —
///   TokenMessenger.DepositForBurn(uint64 indexed nonce, address indexed burnToken, uint256 amount,
///       address indexed depositor, bytes32 mintRecipient, uint32 destinationDomain,
///       bytes32 destinationTokenMessenger, bytes32 destinationCaller)
///   MessageTransmitter.MessageReceived(address indexed caller, uint32 sourceDomain, uint64 indexed nonce,
///       bytes32 sender, bytes messageBody)
///   TokenMessenger.MintAndWithdraw(address indexed mintRecipient, uint256 amount, address indexed mintToken)
/// with the BurnMessage body abi.encodePacked(uint32 version, bytes32 burnToken, bytes32 mintRecipient,
/// uint256 amount, bytes32 messageSender) (132 bytes). What they leave out: Circle's attestation (receiveMessage here
/// trusts its caller), the message header, fees, pausing and roles. Not for any real use.

interface IBurnMintToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function burn(uint256 amount) external;
    function mint(address to, uint256 amount) external;
}

contract TestTokenMessenger {
    uint32 public immutable localDomain;
    uint64 public nextNonce;

    event DepositForBurn(
        uint64 indexed nonce,
        address indexed burnToken,
        uint256 amount,
        address indexed depositor,
        bytes32 mintRecipient,
        uint32 destinationDomain,
        bytes32 destinationTokenMessenger,
        bytes32 destinationCaller
    );

    constructor(uint32 domain) {
        localDomain = domain;
    }

    /// Pulls `amount` of `burnToken` from the caller and burns it; returns the nonce of the transfer.
    function depositForBurn(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken)
        external returns (uint64 nonce)
    {
        require(amount > 0, "amount must be nonzero");
        nonce = nextNonce++;
        IBurnMintToken(burnToken).transferFrom(msg.sender, address(this), amount);
        IBurnMintToken(burnToken).burn(amount);
        emit DepositForBurn(nonce, burnToken, amount, msg.sender, mintRecipient, destinationDomain, bytes32(0), bytes32(0));
    }

    /// The BurnMessage body the destination receives for a burn (for the test's relayer).
    function burnMessage(address burnToken, bytes32 mintRecipient, uint256 amount, address sender)
        external pure returns (bytes memory)
    {
        return abi.encodePacked(uint32(0), bytes32(uint256(uint160(burnToken))), mintRecipient, amount,
            bytes32(uint256(uint160(sender))));
    }
}

/// Receives a burn message and mints the local token (this contract must own it).
contract TestMessageTransmitter {
    uint32 public immutable localDomain;
    IBurnMintToken public immutable localToken;
    mapping(bytes32 => bool) public usedNonces;

    event MessageReceived(address indexed caller, uint32 sourceDomain, uint64 indexed nonce, bytes32 sender,
        bytes messageBody);
    event MintAndWithdraw(address indexed mintRecipient, uint256 amount, address indexed mintToken);

    constructor(uint32 domain, address token) {
        localDomain = domain;
        localToken = IBurnMintToken(token);
    }

    function receiveMessage(uint32 sourceDomain, uint64 nonce, bytes32 sender, bytes calldata messageBody)
        external returns (bool)
    {
        bytes32 key = keccak256(abi.encodePacked(sourceDomain, nonce));
        require(!usedNonces[key], "nonce already used");
        usedNonces[key] = true;
        require(messageBody.length == 132, "invalid burn message length");
        address recipient = address(uint160(uint256(bytes32(messageBody[36:68]))));
        uint256 amount = uint256(bytes32(messageBody[68:100]));
        localToken.mint(recipient, amount);
        emit MintAndWithdraw(recipient, amount, address(localToken));
        emit MessageReceived(msg.sender, sourceDomain, nonce, sender, messageBody);
        return true;
    }
}
