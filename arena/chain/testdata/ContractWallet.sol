// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A minimal EIP-1271 smart account for tests: it accepts a signature of a hash
/// when its owner's key made it (65 bytes r, s, v).
contract ContractWallet {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}

/// @notice Deploys ContractWallets with CREATE2, so an account's address is known (and
/// can sign, ERC-6492-wrapped) before it exists.
contract ContractWalletFactory {
    function deploy(address owner, bytes32 salt) external returns (address) {
        return address(new ContractWallet{salt: salt}(owner));
    }

    function addressOf(address owner, bytes32 salt) external view returns (address) {
        bytes32 h = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt,
            keccak256(abi.encodePacked(type(ContractWallet).creationCode, abi.encode(owner)))));
        return address(uint160(uint256(h)));
    }
}
