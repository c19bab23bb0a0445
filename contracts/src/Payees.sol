// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Payees
/// @notice The tokens a contract accepts, and for each the address that pays voters and
/// contributors in it. For ArenaToken that is the RewardsDistributor: it pays claims by
/// minting and has no way to move tokens it holds, so what is sent there is retired for
/// good, and the same amount is minted to the wallets that earned it when they claim
/// (circulating supply unchanged). A token with no payee is not accepted.
abstract contract Payees is AccessControl {
    /// @notice Where money in each accepted token goes on its way to voters and
    /// contributors; zero for a token that is not accepted.
    mapping(address token => address) public payeeOf;

    event PayeeSet(address indexed token, address payee);

    /// @notice A zero address was given where a real one is needed.
    error ZeroAddress();
    /// @notice The token has no payee, so the contract does not accept it.
    error TokenNotAccepted(address token);

    /// @param admin holds DEFAULT_ADMIN_ROLE.
    /// @param token, payee the first accepted token and its payee.
    constructor(address admin, address token, address payee) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setPayee(token, payee);
    }

    /// @notice Accepts `token`, paying its voters' and contributors' share to `payee`;
    /// a zero payee stops accepting it. Money already committed is not moved.
    function setPayee(address token, address payee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPayee(token, payee);
    }

    function _setPayee(address token, address payee) private {
        if (token == address(0)) revert ZeroAddress();
        payeeOf[token] = payee;
        emit PayeeSet(token, payee);
    }

    /// @dev Reverts for a token that is not accepted.
    function _payee(address token) internal view returns (address payee) {
        payee = payeeOf[token];
        if (payee == address(0)) revert TokenNotAccepted(token);
    }
}
