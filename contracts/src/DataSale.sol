// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Payees} from "./Payees.sol";

/// @title DataSale
/// @notice Sells dataset releases. The operator lists a release (id, token, price,
/// licence hash); its terms never change, so a new price is a new listing. A buyer pays
/// the price, naming the licence hash it accepts, and the payment is split by the rule
/// fixed at deployment: contributorsBps basis points to the token's payee (for
/// ArenaToken the RewardsDistributor, from which contributors claim their shares), the
/// rest to the operator's treasury. The contract holds no money: both parts go straight
/// from the buyer. The Purchased event is what the arena issues a download link for.
contract DataSale is Payees, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    uint16 public constant BPS = 10_000;

    struct Release {
        IERC20 token;
        bool listed;
        uint256 price;
        bytes32 licenceHash;
    }

    /// @notice The contributors' share of every sale, in basis points; the rest is the
    /// operator's.
    uint16 public immutable contributorsBps;
    /// @notice Where the operator's share goes.
    address public treasury;
    mapping(bytes32 releaseId => Release) private _releases;
    /// @notice Whether buyer has bought the release (a second purchase is refused).
    mapping(bytes32 releaseId => mapping(address buyer => bool)) public bought;

    event ReleaseListed(bytes32 indexed releaseId, address indexed token, uint256 price, bytes32 licenceHash);
    event ReleaseDelisted(bytes32 indexed releaseId);
    event Purchased(
        bytes32 indexed releaseId,
        address indexed buyer,
        address indexed token,
        uint256 price,
        bytes32 licenceHash,
        uint256 toContributors,
        address contributorsPayee,
        uint256 toOperator,
        address treasury
    );
    event TreasurySet(address treasury);

    /// @notice Release ids must not be zero.
    error ZeroId();
    /// @notice The split is more than 10000 basis points.
    error InvalidSplit(uint16 contributorsBps);
    /// @notice A release with this id was listed already; its terms are fixed.
    error ReleaseExists(bytes32 releaseId);
    /// @notice A release's price must be above zero.
    error ZeroPrice();
    /// @notice The release is not (or no longer) for sale.
    error NotForSale(bytes32 releaseId);
    /// @notice The buyer accepted another licence than the release's.
    error LicenceMismatch(bytes32 releaseId, bytes32 licenceHash, bytes32 accepted);
    /// @notice The buyer has bought this release already.
    error AlreadyBought(bytes32 releaseId, address buyer);

    /// @param admin holds DEFAULT_ADMIN_ROLE: grants roles, sets payees and the treasury.
    /// @param operator holds OPERATOR_ROLE: lists and delists releases.
    /// @param treasury_ receives the operator's share.
    /// @param token, payee the first accepted token and where its contributors' share goes.
    /// @param contributorsBps_ the contributors' share, in basis points (7000 = 70%).
    constructor(address admin, address operator, address treasury_, address token, address payee, uint16 contributorsBps_)
        Payees(admin, token, payee)
    {
        if (operator == address(0) || treasury_ == address(0)) revert ZeroAddress();
        if (contributorsBps_ > BPS) revert InvalidSplit(contributorsBps_);
        _grantRole(OPERATOR_ROLE, operator);
        contributorsBps = contributorsBps_;
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @notice Puts release `releaseId` on sale for `price` of `token` under the licence
    /// whose hash is `licenceHash`.
    function list(bytes32 releaseId, IERC20 token, uint256 price, bytes32 licenceHash) external onlyRole(OPERATOR_ROLE) {
        if (releaseId == bytes32(0)) revert ZeroId();
        if (address(_releases[releaseId].token) != address(0)) revert ReleaseExists(releaseId);
        if (price == 0) revert ZeroPrice();
        _payee(address(token));
        _releases[releaseId] = Release({token: token, listed: true, price: price, licenceHash: licenceHash});
        emit ReleaseListed(releaseId, address(token), price, licenceHash);
    }

    /// @notice Takes release `releaseId` off sale for good; past purchases stand.
    function delist(bytes32 releaseId) external onlyRole(OPERATOR_ROLE) {
        if (!_releases[releaseId].listed) revert NotForSale(releaseId);
        _releases[releaseId].listed = false;
        emit ReleaseDelisted(releaseId);
    }

    /// @notice Sets where the operator's share of later sales goes.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @notice Buys release `releaseId` for the caller, accepting the licence whose hash is
    /// `licenceHash`; the caller must have approved the price.
    function buy(bytes32 releaseId, bytes32 licenceHash) external nonReentrant {
        Release storage r = _releases[releaseId];
        if (!r.listed) revert NotForSale(releaseId);
        if (licenceHash != r.licenceHash) revert LicenceMismatch(releaseId, r.licenceHash, licenceHash);
        if (bought[releaseId][msg.sender]) revert AlreadyBought(releaseId, msg.sender);
        bought[releaseId][msg.sender] = true;
        address payee = _payee(address(r.token));
        (uint256 toContributors, uint256 toOperator) = split(r.price);
        address to = treasury;
        emit Purchased(releaseId, msg.sender, address(r.token), r.price, r.licenceHash, toContributors, payee, toOperator, to);
        if (toContributors > 0) r.token.safeTransferFrom(msg.sender, payee, toContributors);
        if (toOperator > 0) r.token.safeTransferFrom(msg.sender, to, toOperator);
    }

    /// @notice How a payment of `price` is split: the contributors' share rounds down, the
    /// operator's is the rest.
    function split(uint256 price) public view returns (uint256 toContributors, uint256 toOperator) {
        toContributors = price * contributorsBps / BPS;
        toOperator = price - toContributors;
    }

    /// @notice Release `releaseId`'s terms, and whether it is on sale.
    function release(bytes32 releaseId) external view returns (Release memory) {
        return _releases[releaseId];
    }
}
