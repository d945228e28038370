// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

// Test stand-ins for the two on-chain sources of a reserve set, for Assay's tests only.
//
// TestPoRAddressList implements Chainlink's documented PoRAddressList interface (the interface the por-address-list
// external adapter reads): getPoRAddressListLength() and getPoRAddressList(uint256 startIndex, uint256 endIndex)
// returning string[] with endIndex inclusive and clamped to the list's end. Chainlink's contracts package 1.5.0 (vendored
// under contracts/vendor) ships no PoRAddressList, so this is written from the interface; the owner may add and
// remove entries.
//
// TestWalletRegistry emits the tBTC Bridge's wallet events with their real signatures
// (keep-network/tbtc-v2 solidity/contracts/bridge/Wallets.sol):
//   NewWalletRegistered(bytes32 indexed ecdsaWalletID, bytes20 indexed walletPubKeyHash)
//   WalletClosed(bytes32 indexed ecdsaWalletID, bytes20 indexed walletPubKeyHash)
// without anything else of the Bridge. Not for any real use.
contract TestPoRAddressList {
    address public immutable owner;
    string[] private list;

    constructor() {
        owner = msg.sender;
    }

    function add(string calldata entry) external {
        require(msg.sender == owner, "owner");
        list.push(entry);
    }

    /// Removes entry i (the last entry takes its place).
    function removeAt(uint256 i) external {
        require(msg.sender == owner, "owner");
        list[i] = list[list.length - 1];
        list.pop();
    }

    function getPoRAddressListLength() external view returns (uint256) {
        return list.length;
    }

    function getPoRAddressList(uint256 startIndex, uint256 endIndex) external view returns (string[] memory) {
        if (startIndex >= list.length || startIndex > endIndex) {
            return new string[](0);
        }
        if (endIndex >= list.length) {
            endIndex = list.length - 1;
        }
        string[] memory out = new string[](endIndex - startIndex + 1);
        for (uint256 i = startIndex; i <= endIndex; i++) {
            out[i - startIndex] = list[i];
        }
        return out;
    }
}

contract TestWalletRegistry {
    event NewWalletRegistered(bytes32 indexed ecdsaWalletID, bytes20 indexed walletPubKeyHash);
    event WalletClosed(bytes32 indexed ecdsaWalletID, bytes20 indexed walletPubKeyHash);

    function register(bytes32 ecdsaWalletID, bytes20 walletPubKeyHash) external {
        emit NewWalletRegistered(ecdsaWalletID, walletPubKeyHash);
    }

    function close(bytes32 ecdsaWalletID, bytes20 walletPubKeyHash) external {
        emit WalletClosed(ecdsaWalletID, walletPubKeyHash);
    }
}
