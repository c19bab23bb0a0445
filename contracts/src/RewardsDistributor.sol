// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice The part of the token the distributor needs: minting under MINTER_ROLE.
interface IMintableToken {
    function mint(address to, uint256 amount) external;
}

/// @title RewardsDistributor
/// @notice A cumulative Merkle drop. Each epoch a ROOT_PUBLISHER_ROLE holder publishes the
/// root of a tree whose leaves are (account, cumulativeAmount): everything the account has
/// earned since the beginning. A claim pays cumulativeAmount minus what the account has
/// already claimed, so one claim covers every epoch so far, and claiming late loses nothing.
/// Leaves are OpenZeppelin StandardMerkleTree leaves for the types (address, uint256):
/// keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount)))).
/// Payment mints fresh tokens, so the distributor needs the token's MINTER_ROLE.
contract RewardsDistributor is AccessControl {
    bytes32 public constant ROOT_PUBLISHER_ROLE = keccak256("ROOT_PUBLISHER_ROLE");

    /// @notice The token paid out.
    IMintableToken public immutable token;
    /// @notice The root of the latest published tree; zero before the first epoch.
    bytes32 public merkleRoot;
    /// @notice The latest published epoch; zero before the first.
    uint256 public currentEpoch;
    /// @notice The cumulative amount each account has claimed so far.
    mapping(address account => uint256) public claimed;

    /// @notice The epoch is not above the current one.
    error EpochNotIncreasing(uint256 epoch, uint256 currentEpoch);
    /// @notice A zero root cannot be published.
    error ZeroRoot();
    /// @notice The claim was built against a root that is no longer (or not yet) current.
    error StaleRoot(bytes32 expectedRoot, bytes32 currentRoot);
    /// @notice The proof does not prove (account, cumulativeAmount) under the current root.
    error InvalidProof();
    /// @notice The account has already claimed cumulativeAmount or more.
    error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @notice A zero address was given where a real one is needed.
    error ZeroAddress();

    event RootPublished(uint256 indexed epoch, bytes32 root);
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);

    constructor(IMintableToken token_, address admin) {
        if (address(token_) == address(0) || admin == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Publishes the root of epoch `epoch`; epochs must strictly increase.
    function publishRoot(uint256 epoch, bytes32 root) external onlyRole(ROOT_PUBLISHER_ROLE) {
        if (epoch <= currentEpoch) revert EpochNotIncreasing(epoch, currentEpoch);
        if (root == bytes32(0)) revert ZeroRoot();
        currentEpoch = epoch;
        merkleRoot = root;
        emit RootPublished(epoch, root);
    }

    /// @notice Pays `account` the part of `cumulativeAmount` it has not claimed yet.
    /// Anyone may submit the claim; the tokens always go to `account`.
    /// @param expectedRoot the root the proof was built against; must be the current root.
    function claim(address account, uint256 cumulativeAmount, bytes32 expectedRoot, bytes32[] calldata proof)
        external
    {
        bytes32 root = merkleRoot;
        if (root == bytes32(0) || expectedRoot != root) revert StaleRoot(expectedRoot, root);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof();
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim(account, cumulativeAmount, already);
        uint256 amount = cumulativeAmount - already;
        claimed[account] = cumulativeAmount;
        emit Claimed(account, amount, cumulativeAmount);
        token.mint(account, amount);
    }
}
