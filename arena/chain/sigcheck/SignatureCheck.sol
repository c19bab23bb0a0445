// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Checks the ERC-6492 signature of a smart account that may not be deployed yet.
/// It is never deployed: the server sends its creation code in an eth_call without a
/// recipient, so the factory call below changes nothing on chain. The constructor returns
/// one word instead of runtime code: 1 when the account accepts the signature
/// (EIP-1271 isValidSignature answers 0x1626ba7e), 0 when it refuses it, 2 when the
/// account still has no code after calling its factory.
contract SignatureCheck {
    bytes4 private constant MAGIC = 0x1626ba7e;

    constructor(address signer, bytes32 hash, address factory, bytes memory factoryCalldata, bytes memory signature) {
        // An account already deployed is asked as it is: ERC-6492 allows the wrapper on
        // signatures made before deployment, and the factory may refuse a second deploy.
        if (signer.code.length == 0) {
            (bool deployed,) = factory.call(factoryCalldata);
            deployed; // a failed deploy shows as no code below
        }
        uint256 answer = 2;
        if (signer.code.length != 0) {
            answer = 0;
            (bool ok, bytes memory ret) = signer.staticcall(abi.encodeWithSelector(MAGIC, hash, signature));
            if (ok && ret.length >= 32 && abi.decode(ret, (bytes4)) == MAGIC) {
                answer = 1;
            }
        }
        assembly {
            mstore(0, answer)
            return(0, 32)
        }
    }
}
