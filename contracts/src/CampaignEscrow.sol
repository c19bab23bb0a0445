// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Payees} from "./Payees.sol";

/// @title CampaignEscrow
/// @notice Holds what labs deposit for evaluation campaigns. A lab funds a campaign in
/// full (target votes times the bounty per vote) in an accepted token. The operator pays
/// earned bounties out of that campaign's balance, a number of votes at a time, to the
/// token's payee (see Payees): for ArenaToken the RewardsDistributor, where voters claim
/// them with everything else they earned. Each payout carries an id and is made at most
/// once, so a retried settlement cannot pay twice. Closing the campaign refunds what was
/// not paid to the depositor: the operator may close at any time, anyone once
/// refundGrace has passed after the deadline. Paid plus refunded never exceeds what the
/// campaign deposited, and one campaign's balance never pays another's.
contract CampaignEscrow is Payees, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    // Four storage slots: each address shares its slot with a uint64.
    struct Campaign {
        address depositor;
        uint64 deadline;
        bool closed;
        IERC20 token;
        uint64 targetVotes;
        // The token's payee when the campaign was funded: what the lab agreed to.
        address payee;
        uint64 paidVotes;
        uint256 bountyPerVote;
    }

    /// @notice How long after a campaign's deadline only the operator may close it, so
    /// that votes cast before the deadline can still be paid.
    uint64 public immutable refundGrace;
    mapping(bytes32 campaignId => Campaign) private _campaigns;
    /// @notice The campaign each payout id paid, zero for an id not used yet.
    mapping(bytes32 payoutId => bytes32 campaignId) public payoutCampaign;

    event CampaignFunded(
        bytes32 indexed campaignId,
        address indexed depositor,
        address indexed token,
        uint256 amount,
        uint64 targetVotes,
        uint256 bountyPerVote,
        uint64 deadline,
        address payee
    );
    event BountyPaid(bytes32 indexed campaignId, bytes32 indexed payoutId, uint64 votes, uint256 amount, address payee);
    event CampaignClosed(bytes32 indexed campaignId, address indexed depositor, uint256 refunded, uint64 paidVotes);

    /// @notice Campaign and payout ids must not be zero.
    error ZeroId();
    /// @notice A campaign with this id was funded already.
    error CampaignExists(bytes32 campaignId);
    /// @notice No campaign has this id.
    error UnknownCampaign(bytes32 campaignId);
    /// @notice Target votes and bounty per vote must both be above zero.
    error InvalidTerms();
    /// @notice The deadline is not in the future.
    error DeadlineNotInFuture(uint64 deadline, uint256 blockTime);
    /// @notice The escrow received a different amount than it pulled (a fee-on-transfer
    /// or rebasing token), which it cannot account for.
    error AmountMismatch(uint256 expected, uint256 received);
    /// @notice The campaign is closed: nothing more is paid or refunded.
    error CampaignIsClosed(bytes32 campaignId);
    /// @notice This payout id was used already, for campaignId.
    error PayoutAlreadyMade(bytes32 payoutId, bytes32 campaignId);
    /// @notice A payout must pay at least one vote.
    error NoVotes();
    /// @notice The payout would take the votes paid past the campaign's target.
    error ExceedsTarget(uint256 paidVotesAfter, uint64 targetVotes);
    /// @notice Only the operator may close the campaign before closableAt.
    error TooEarlyToClose(uint256 closableAt);

    /// @param admin holds DEFAULT_ADMIN_ROLE: grants roles and sets payees.
    /// @param operator holds OPERATOR_ROLE: pays bounties and closes campaigns.
    /// @param token, payee the first accepted token (normally ArenaToken) and its payee
    /// (normally the RewardsDistributor).
    /// @param refundGrace_ seconds after a deadline before anyone may close the campaign.
    constructor(address admin, address operator, address token, address payee, uint64 refundGrace_)
        Payees(admin, token, payee)
    {
        if (operator == address(0)) revert ZeroAddress();
        _grantRole(OPERATOR_ROLE, operator);
        refundGrace = refundGrace_;
    }

    /// @notice Funds campaign `campaignId` with targetVotes * bountyPerVote of `token`,
    /// pulled from the caller (who must have approved it), refundable to the caller.
    function deposit(bytes32 campaignId, IERC20 token, uint64 targetVotes, uint256 bountyPerVote, uint64 deadline)
        external
        nonReentrant
    {
        if (campaignId == bytes32(0)) revert ZeroId();
        if (_campaigns[campaignId].depositor != address(0)) revert CampaignExists(campaignId);
        if (targetVotes == 0 || bountyPerVote == 0) revert InvalidTerms();
        if (deadline <= block.timestamp) revert DeadlineNotInFuture(deadline, block.timestamp);
        address payee = _payee(address(token));
        uint256 amount = uint256(targetVotes) * bountyPerVote;
        _campaigns[campaignId] = Campaign({
            depositor: msg.sender,
            deadline: deadline,
            closed: false,
            token: token,
            targetVotes: targetVotes,
            payee: payee,
            paidVotes: 0,
            bountyPerVote: bountyPerVote
        });
        emit CampaignFunded(campaignId, msg.sender, address(token), amount, targetVotes, bountyPerVote, deadline, payee);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert AmountMismatch(amount, received);
    }

    /// @notice Pays the bounties of `votes` more votes of the campaign to its payee, once
    /// per `payoutId`.
    function payout(bytes32 campaignId, bytes32 payoutId, uint64 votes) external onlyRole(OPERATOR_ROLE) nonReentrant {
        if (payoutId == bytes32(0)) revert ZeroId();
        Campaign storage c = _open(campaignId);
        bytes32 used = payoutCampaign[payoutId];
        if (used != bytes32(0)) revert PayoutAlreadyMade(payoutId, used);
        if (votes == 0) revert NoVotes();
        uint256 paid = uint256(c.paidVotes) + votes;
        if (paid > c.targetVotes) revert ExceedsTarget(paid, c.targetVotes);
        c.paidVotes = uint64(paid);
        payoutCampaign[payoutId] = campaignId;
        uint256 amount = uint256(votes) * c.bountyPerVote;
        emit BountyPaid(campaignId, payoutId, votes, amount, c.payee);
        c.token.safeTransfer(c.payee, amount);
    }

    /// @notice Closes the campaign and refunds what was not paid to its depositor. The
    /// operator may close at any time; anyone may once refundGrace has passed after the
    /// deadline.
    function close(bytes32 campaignId) external nonReentrant {
        Campaign storage c = _open(campaignId);
        if (!hasRole(OPERATOR_ROLE, msg.sender)) {
            uint256 closableAt = uint256(c.deadline) + refundGrace;
            if (block.timestamp < closableAt) revert TooEarlyToClose(closableAt);
        }
        c.closed = true;
        uint256 refund = uint256(c.targetVotes - c.paidVotes) * c.bountyPerVote;
        emit CampaignClosed(campaignId, c.depositor, refund, c.paidVotes);
        if (refund > 0) c.token.safeTransfer(c.depositor, refund);
    }

    /// @notice Campaign `campaignId` as funded, with the votes paid so far.
    function campaign(bytes32 campaignId) external view returns (Campaign memory) {
        return _campaigns[campaignId];
    }

    /// @notice What the campaign still holds: its deposit less what was paid, zero once
    /// closed.
    function remaining(bytes32 campaignId) external view returns (uint256) {
        Campaign storage c = _campaigns[campaignId];
        if (c.closed) return 0;
        return uint256(c.targetVotes - c.paidVotes) * c.bountyPerVote;
    }

    function _open(bytes32 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.depositor == address(0)) revert UnknownCampaign(campaignId);
        if (c.closed) revert CampaignIsClosed(campaignId);
    }
}
