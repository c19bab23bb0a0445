package chain

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/contracts/bindings"
)

// OperatorRole on CampaignEscrow allows paying bounties and closing campaigns; on
// DataSale, listing and delisting releases.
var OperatorRole = crypto.Keccak256Hash([]byte("OPERATOR_ROLE"))

// DefaultContributorsBps is the contributors' share of a data sale unless deployed
// otherwise: 70%, the other 30% being the operator's.
const DefaultContributorsBps = 7000

// DefaultRefundGrace is how long after a campaign's deadline only the operator may close
// it unless deployed otherwise: time to pay the votes cast before the deadline.
const DefaultRefundGrace = 7 * 24 * time.Hour

// CommerceConfig is who holds which role on a new CampaignEscrow and DataSale, and their
// fixed terms.
type CommerceConfig struct {
	// Admin holds DEFAULT_ADMIN_ROLE on both: grants roles, sets payees and the
	// treasury; the deployer when zero.
	Admin common.Address
	// Operator holds OPERATOR_ROLE on both: pays bounties, closes campaigns, lists
	// releases; the deployer when zero.
	Operator common.Address
	// Treasury receives the operator's share of each sale; Admin when zero.
	Treasury common.Address
	// ContributorsBps is the contributors' share of each sale in basis points (at most
	// 10000); DefaultContributorsBps when zero. It cannot change once deployed.
	ContributorsBps uint16
	// RefundGrace is how long after a campaign's deadline only the operator may close
	// it, in whole seconds (rounded up); DefaultRefundGrace when zero.
	RefundGrace time.Duration
}

func (c CommerceConfig) or(deployer common.Address) CommerceConfig {
	if c.Admin == (common.Address{}) {
		c.Admin = deployer
	}
	if c.Operator == (common.Address{}) {
		c.Operator = deployer
	}
	if c.Treasury == (common.Address{}) {
		c.Treasury = c.Admin
	}
	if c.ContributorsBps == 0 {
		c.ContributorsBps = DefaultContributorsBps
	}
	if c.RefundGrace == 0 {
		c.RefundGrace = DefaultRefundGrace
	}
	return c
}

// Commerce is a deployed CampaignEscrow and DataSale.
type Commerce struct {
	Escrow, Sale common.Address
	// Block is where the sale contract, the later of the two, was deployed.
	Block uint64
}

// DeployCommerce deploys CampaignEscrow and DataSale from auth's account, both accepting
// token with distributor as its payee: bounties and contributors' shares in ArenaToken
// are retired into the distributor, which mints them to the wallets that earned them
// when they claim (see contracts/README.md). The roles and terms are cfg's; the deployer
// keeps no role unless cfg names it.
func DeployCommerce(ctx context.Context, backend Backend, auth *bind.TransactOpts, token, distributor common.Address, cfg CommerceConfig) (*Commerce, error) {
	cfg = cfg.or(auth.From)
	if cfg.ContributorsBps > 10000 {
		return nil, fmt.Errorf("the contributors' share is %d basis points, more than 10000 (100%%)", cfg.ContributorsBps)
	}
	d := newDeployer(ctx, backend, auth)
	escrow, _, err := d.deploy("CampaignEscrow", bindings.CampaignEscrowMetaData.Bin,
		escrowABI.PackConstructor(cfg.Admin, cfg.Operator, token, distributor, seconds(cfg.RefundGrace)))
	if err != nil {
		return nil, err
	}
	sale, block, err := d.deploy("DataSale", bindings.DataSaleMetaData.Bin,
		saleABI.PackConstructor(cfg.Admin, cfg.Operator, cfg.Treasury, token, distributor, cfg.ContributorsBps))
	if err != nil {
		return nil, err
	}
	return &Commerce{Escrow: escrow, Sale: sale, Block: block}, nil
}

// PayBounty pays the bounties of votes more votes of campaign on escrow to the campaign's
// payee, as payout payoutID, from auth's account (which needs OPERATOR_ROLE), and waits
// for it to be mined. A payout id is paid at most once: when payoutID was paid already
// (a retried run), it sends nothing and returns a nil transaction, or an error if that
// payout was for another campaign.
func PayBounty(ctx context.Context, backend Backend, auth *bind.TransactOpts, escrow common.Address, campaign, payoutID common.Hash, votes uint64) (*types.Transaction, error) {
	inst := escrowABI.Instance(backend, escrow)
	paid, err := bind.Call(inst, &bind.CallOpts{Context: ctx}, escrowABI.PackPayoutCampaign(payoutID), escrowABI.UnpackPayoutCampaign)
	if err != nil {
		return nil, fmt.Errorf("reading payout %s: %w", payoutID.Hex(), err)
	}
	if paid != ([32]byte{}) {
		if common.Hash(paid) != campaign {
			return nil, fmt.Errorf("payout %s was made for campaign %s, not %s", payoutID.Hex(), common.Hash(paid).Hex(), campaign.Hex())
		}
		return nil, nil
	}
	tx, err := bind.Transact(inst, withContext(ctx, auth), escrowABI.PackPayout(campaign, payoutID, votes))
	if err != nil {
		return nil, fmt.Errorf("paying %d votes of campaign %s: %w", votes, campaign.Hex(), err)
	}
	if _, err := WaitReceipt(ctx, backend, tx); err != nil {
		return tx, fmt.Errorf("paying %d votes of campaign %s: %w", votes, campaign.Hex(), err)
	}
	return tx, nil
}

// Remaining returns what campaign still holds on escrow, in token units: zero once closed.
func Remaining(ctx context.Context, backend bind.ContractCaller, escrow common.Address, campaign common.Hash) (*big.Int, error) {
	c := bind.NewBoundContract(escrow, escrowABI.GetABI(), backend, nil, nil)
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, escrowABI.PackRemaining(campaign), escrowABI.UnpackRemaining)
	if err != nil {
		return nil, fmt.Errorf("reading what campaign %s holds: %w", campaign.Hex(), err)
	}
	return v, nil
}
