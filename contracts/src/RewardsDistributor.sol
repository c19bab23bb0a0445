// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
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
///
/// The roles are split so that the key used every epoch can do little harm if stolen:
/// the publisher only publishes roots; the admin (DEFAULT_ADMIN_ROLE, which may be kept
/// offline) grants and revokes roles, sets the limits and unpauses; a PAUSER_ROLE holder
/// (the admin too) stops claims and publishing at once. A root is published with the total
/// of its cumulative amounts, which may exceed the previous root's by at most epochCap,
/// no sooner than minEpochInterval after it; no claim may take the total claimed past it.
/// So a stolen publisher key can add at most epochCap to what the distributor can ever
/// mint per minEpochInterval, until it is paused.
contract RewardsDistributor is AccessControl, Pausable {
    bytes32 public constant ROOT_PUBLISHER_ROLE = keccak256("ROOT_PUBLISHER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice The token paid out.
    IMintableToken public immutable token;
    /// @notice The root of the latest published tree; zero before the first epoch.
    bytes32 public merkleRoot;
    /// @notice The latest published epoch; zero before the first.
    uint256 public currentEpoch;
    /// @notice The cumulative amount each account has claimed so far.
    mapping(address account => uint256) public claimed;
    /// @notice The sum of the cumulative amounts of the current root, as its publisher
    /// declared it; claims never take totalClaimed above it.
    uint256 public totalCumulative;
    /// @notice Everything claimed so far, by every account.
    uint256 public totalClaimed;
    /// @notice The most a root's totalCumulative may exceed the previous root's.
    uint256 public epochCap;
    /// @notice The least time, in seconds, between two roots.
    uint64 public minEpochInterval;
    /// @notice When the current root was published (block time); zero before the first.
    uint64 public lastPublishedAt;

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
    /// @notice The root's declared total exceeds the previous root's by more than epochCap.
    error EpochCapExceeded(uint256 increase, uint256 epochCap);
    /// @notice The previous root was published less than minEpochInterval ago.
    error EpochTooSoon(uint256 nextAllowedAt);
    /// @notice The claim would take the total claimed above the current root's declared total.
    error ExceedsDeclaredTotal(uint256 totalClaimedAfter, uint256 totalCumulative);

    event RootPublished(uint256 indexed epoch, bytes32 root, uint256 totalCumulative);
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);
    event LimitsSet(uint256 epochCap, uint64 minEpochInterval);

    /// @param admin holds DEFAULT_ADMIN_ROLE and PAUSER_ROLE.
    /// @param publisher holds ROOT_PUBLISHER_ROLE.
    /// @param pauser also holds PAUSER_ROLE, unless it is the zero address.
    constructor(
        IMintableToken token_,
        address admin,
        address publisher,
        address pauser,
        uint256 epochCap_,
        uint64 minEpochInterval_
    ) {
        if (address(token_) == address(0) || admin == address(0) || publisher == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(ROOT_PUBLISHER_ROLE, publisher);
        if (pauser != address(0)) _grantRole(PAUSER_ROLE, pauser);
        epochCap = epochCap_;
        minEpochInterval = minEpochInterval_;
        emit LimitsSet(epochCap_, minEpochInterval_);
    }

    /// @notice Publishes the root of epoch `epoch`, whose cumulative amounts add up to
    /// `total`; epochs must strictly increase.
    function publishRoot(uint256 epoch, bytes32 root, uint256 total) external onlyRole(ROOT_PUBLISHER_ROLE) whenNotPaused {
        if (epoch <= currentEpoch) revert EpochNotIncreasing(epoch, currentEpoch);
        if (root == bytes32(0)) revert ZeroRoot();
        if (lastPublishedAt != 0 && block.timestamp < uint256(lastPublishedAt) + minEpochInterval) {
            revert EpochTooSoon(uint256(lastPublishedAt) + minEpochInterval);
        }
        // A lower total than the previous root's adds nothing; it cannot undo what was
        // claimed, since claims are bounded by the total of the root they are made under.
        uint256 prev = totalCumulative;
        if (total > prev && total - prev > epochCap) revert EpochCapExceeded(total - prev, epochCap);
        currentEpoch = epoch;
        merkleRoot = root;
        totalCumulative = total;
        lastPublishedAt = uint64(block.timestamp);
        emit RootPublished(epoch, root, total);
    }

    /// @notice Pays `account` the part of `cumulativeAmount` it has not claimed yet.
    /// Anyone may submit the claim; the tokens always go to `account`.
    /// @param expectedRoot the root the proof was built against; must be the current root.
    function claim(address account, uint256 cumulativeAmount, bytes32 expectedRoot, bytes32[] calldata proof)
        external
        whenNotPaused
    {
        bytes32 root = merkleRoot;
        if (root == bytes32(0) || expectedRoot != root) revert StaleRoot(expectedRoot, root);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof();
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim(account, cumulativeAmount, already);
        uint256 amount = cumulativeAmount - already;
        uint256 after_ = totalClaimed + amount;
        if (after_ > totalCumulative) revert ExceedsDeclaredTotal(after_, totalCumulative);
        claimed[account] = cumulativeAmount;
        totalClaimed = after_;
        emit Claimed(account, amount, cumulativeAmount);
        token.mint(account, amount);
    }

    /// @notice Stops claims and root publishing until the admin unpauses.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lets claims and root publishing resume.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Sets the most one root may add to the declared total, and the least time
    /// between two roots.
    function setLimits(uint256 epochCap_, uint64 minEpochInterval_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        epochCap = epochCap_;
        minEpochInterval = minEpochInterval_;
        emit LimitsSet(epochCap_, minEpochInterval_);
    }

    /// @notice Everything settlement and the claim page need in one call, with the time of
    /// the block it is read at.
    function limits()
        external
        view
        returns (
            bool isPaused,
            uint256 cap,
            uint64 interval,
            uint64 publishedAt,
            uint256 declaredTotal,
            uint256 claimedTotal,
            uint256 blockTime
        )
    {
        return (paused(), epochCap, minEpochInterval, lastPublishedAt, totalCumulative, totalClaimed, block.timestamp);
    }
}
