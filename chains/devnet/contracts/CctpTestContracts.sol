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

/// Takes the caller's tokens and burns them, as Circle's TokenMinter does for a deposit.
abstract contract BurnsDeposits {
    function pullAndBurn(address burnToken, uint256 amount) internal {
        IBurnMintToken(burnToken).transferFrom(msg.sender, address(this), amount);
        IBurnMintToken(burnToken).burn(amount);
    }
}

contract TestTokenMessenger is BurnsDeposits {
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
        pullAndBurn(burnToken, amount);
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

/// Minimal stand-in for Circle's CCTP V2 TokenMessengerV2, written from the event and message layout in
/// circlefin/evm-cctp-contracts (src/v2/TokenMessengerV2.sol, src/messages/v2/BurnMessageV2.sol):
///   DepositForBurn(address indexed burnToken, uint256 amount, address indexed depositor, bytes32 mintRecipient,
///       uint32 destinationDomain, bytes32 destinationTokenMessenger, bytes32 destinationCaller, uint256 maxFee,
///       uint32 indexed minFinalityThreshold, bytes hookData)
/// and the BurnMessageV2 body abi.encodePacked(uint32 version, bytes32 burnToken, bytes32 mintRecipient,
/// uint256 amount, bytes32 messageSender, uint256 maxFee, uint256 feeExecuted, uint256 expirationBlock, bytes hookData),
/// which the source sends with feeExecuted = 0 and expirationBlock = 0 (and, in the message header, nonce = 0):
/// Circle's attestation service fills them in. Left out: the MessageTransmitterV2 send path and header, fee checks
/// against a minimum fee, denylisting, roles. Not for any real use.
contract TestTokenMessengerV2 is BurnsDeposits {
    uint32 public immutable localDomain;

    event DepositForBurn(
        address indexed burnToken,
        uint256 amount,
        address indexed depositor,
        bytes32 mintRecipient,
        uint32 destinationDomain,
        bytes32 destinationTokenMessenger,
        bytes32 destinationCaller,
        uint256 maxFee,
        uint32 indexed minFinalityThreshold,
        bytes hookData
    );

    constructor(uint32 domain) {
        localDomain = domain;
    }

    /// As V2's depositForBurnWithHook: pulls `amount` of `burnToken` from the caller and burns it.
    function depositForBurnWithHook(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken,
        bytes32 destinationCaller, uint256 maxFee, uint32 minFinalityThreshold, bytes calldata hookData) external
    {
        require(amount > 0, "Amount must be nonzero");
        require(mintRecipient != bytes32(0), "Mint recipient must be nonzero");
        require(maxFee < amount, "Max fee must be less than amount");
        pullAndBurn(burnToken, amount);
        emit DepositForBurn(burnToken, amount, msg.sender, mintRecipient, destinationDomain, bytes32(0),
            destinationCaller, maxFee, minFinalityThreshold, hookData);
    }
}

/// Minimal stand-in for Circle's CCTP V2 MessageTransmitterV2 + the receiving TokenMessengerV2 (src/v2/
/// MessageTransmitterV2.sol, src/v2/TokenMessengerV2.sol): receives an attested BurnMessageV2 (the caller plays Circle's
/// attester and passes the nonce, finality and fee it assigned), refuses a used nonce, an expired message, a fee at or
/// above the amount or above maxFee, mints amount - feeExecuted to the recipient and feeExecuted to the fee recipient,
/// and emits MessageReceived(address indexed caller, uint32 sourceDomain, bytes32 indexed nonce, bytes32 sender,
/// uint32 indexed finalityThresholdExecuted, bytes messageBody). The attestation signatures themselves are not checked.
contract TestMessageTransmitterV2 {
    uint32 public immutable localDomain;
    IBurnMintToken public immutable localToken;
    address public immutable feeRecipient;
    mapping(bytes32 => bool) public usedNonces;

    event MessageReceived(address indexed caller, uint32 sourceDomain, bytes32 indexed nonce, bytes32 sender,
        uint32 indexed finalityThresholdExecuted, bytes messageBody);
    event MintAndWithdraw(address indexed mintRecipient, uint256 amount, address indexed mintToken, uint256 feeCollected);

    constructor(uint32 domain, address token, address fees) {
        localDomain = domain;
        localToken = IBurnMintToken(token);
        feeRecipient = fees;
    }

    function receiveMessage(uint32 sourceDomain, bytes32 nonce, bytes32 sender, uint32 finalityThresholdExecuted,
        bytes calldata messageBody) external returns (bool)
    {
        require(!usedNonces[nonce], "Nonce already used");
        usedNonces[nonce] = true;
        require(messageBody.length >= 228, "Invalid burn message");
        address recipient = address(uint160(uint256(bytes32(messageBody[36:68]))));
        uint256 amount = uint256(bytes32(messageBody[68:100]));
        uint256 maxFee = uint256(bytes32(messageBody[132:164]));
        uint256 fee = uint256(bytes32(messageBody[164:196]));
        uint256 expirationBlock = uint256(bytes32(messageBody[196:228]));
        require(expirationBlock == 0 || expirationBlock > block.number, "Message expired and must be re-signed");
        require(fee == 0 || fee < amount, "Fee equals or exceeds amount");
        require(fee <= maxFee, "Fee exceeds max fee");
        localToken.mint(recipient, amount - fee);
        if (fee > 0) {
            localToken.mint(feeRecipient, fee);
        }
        emit MintAndWithdraw(recipient, amount - fee, address(localToken), fee);
        emit MessageReceived(msg.sender, sourceDomain, nonce, sender, finalityThresholdExecuted, messageBody);
        return true;
    }
}
