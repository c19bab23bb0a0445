package main

import (
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// TestContractsDeployCommerce: on geth --dev, a first `arena contracts deploy` deploys
// and records the token, the distributor, the escrow and the sale; on a database whose
// deployment lacks the escrow and sale it adds those two beside the recorded token and
// distributor and nothing else; a rerun on a complete deployment sends no transaction;
// --force replaces the distributor and keeps the escrow and sale.
func TestContractsDeployCommerce(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	dir := t.TempDir()
	opKey, _ := crypto.GenerateKey()
	ks := keystore.NewKeyStore(filepath.Join(dir, "keys"), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(opKey, "pw")
	if err != nil {
		t.Fatal(err)
	}
	fund(t, client, acct.Address, new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil))
	vars := map[string]string{"ARENA_KEY_PASSWORD": "pw"}
	deploy := func(db string, args ...string) (string, error) {
		env, out := testEnv(vars)
		err := Run(ctx, env, append([]string{"contracts", "deploy", "--rpc", url, "--key-file", acct.URL.Path, "--db", db}, args...))
		return out.String(), err
	}
	nonce := func() uint64 {
		n, err := client.NonceAt(ctx, acct.Address, nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	recorded := func(db string) []rewards.Deployment {
		s, err := openStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		deps, err := s.Deployments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return deps
	}
	opts := &bind.CallOpts{Context: ctx}
	escrowABI, saleABI := bindings.NewCampaignEscrow(), bindings.NewDataSale()
	// checkCommerce: the recorded escrow and sale are on chain, route ArenaToken to the
	// recorded distributor, and have the terms and operator given.
	checkCommerce := func(d rewards.Deployment, operator common.Address, bps uint16, grace uint64) {
		t.Helper()
		if !d.HasCommerce() || d.CommerceBlock == 0 {
			t.Fatalf("no escrow and sale recorded: %+v", d)
		}
		esc, sale := escrowABI.Instance(client, d.Escrow), saleABI.Instance(client, d.Sale)
		if p, err := bind.Call(esc, opts, escrowABI.PackPayeeOf(d.Token), escrowABI.UnpackPayeeOf); err != nil || p != d.Distributor {
			t.Fatalf("escrow %s pays ArenaToken to %s (%v), want the distributor %s", d.Escrow.Hex(), p.Hex(), err, d.Distributor.Hex())
		}
		if p, err := bind.Call(sale, opts, saleABI.PackPayeeOf(d.Token), saleABI.UnpackPayeeOf); err != nil || p != d.Distributor {
			t.Fatalf("sale %s pays ArenaToken to %s (%v), want the distributor %s", d.Sale.Hex(), p.Hex(), err, d.Distributor.Hex())
		}
		if got, err := bind.Call(sale, opts, saleABI.PackContributorsBps(), saleABI.UnpackContributorsBps); err != nil || got != bps {
			t.Fatalf("contributorsBps %d (%v), want %d", got, err, bps)
		}
		if got, err := bind.Call(esc, opts, escrowABI.PackRefundGrace(), escrowABI.UnpackRefundGrace); err != nil || got != grace {
			t.Fatalf("refundGrace %d (%v), want %d", got, err, grace)
		}
		if ok, err := bind.Call(esc, opts, escrowABI.PackHasRole(chain.OperatorRole, operator), escrowABI.UnpackHasRole); err != nil || !ok {
			t.Fatalf("%s lacks OPERATOR_ROLE on the escrow (%v)", operator.Hex(), err)
		}
	}

	// A first deploy: all four contracts, recorded in one deployment.
	first := filepath.Join(dir, "first.db")
	operator := common.HexToAddress("0x00000000000000000000000000000000000000a7")
	out, err := deploy(first, "--epoch-cap", "1000", "--min-epoch-interval", "0", "--operator", operator.Hex(), "--contributors-bps", "6000", "--refund-grace", "48h")
	if err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	deps := recorded(first)
	if len(deps) != 1 || deps[0].Token == (common.Address{}) || deps[0].Distributor == (common.Address{}) {
		t.Fatalf("deployments after the first deploy: %+v", deps)
	}
	checkCommerce(deps[0], operator, 6000, 48*3600)
	for _, want := range []string{"escrow:      " + deps[0].Escrow.Hex(), "sale:        " + deps[0].Sale.Hex(), "60.00% to contributors", "operator:    " + operator.Hex()} {
		if !strings.Contains(out, want) {
			t.Fatalf("first deploy's output lacks %q:\n%s", want, out)
		}
	}

	// A rerun is refused, names the escrow and sale, and sends nothing.
	before := nonce()
	if _, err := deploy(first, "--epoch-cap", "1000", "--min-epoch-interval", "0"); err == nil || !strings.Contains(err.Error(), "a deployment is recorded") ||
		!strings.Contains(err.Error(), deps[0].Escrow.Hex()) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("deploying again: %v", err)
	}
	if _, err := deploy(first); err == nil || !strings.Contains(err.Error(), "a deployment is recorded") {
		t.Fatalf("deploying again without --epoch-cap: %v", err)
	}
	if n := nonce(); n != before {
		t.Fatalf("a refused rerun sent %d transactions", n-before)
	}
	if again := recorded(first); len(again) != 1 || again[0] != deps[0] {
		t.Fatalf("a refused rerun changed the record: %+v, was %+v", again, deps[0])
	}

	// --force replaces the distributor; the escrow and sale stay.
	if out, err := deploy(first, "--force", "--epoch-cap", "1000", "--min-epoch-interval", "0"); err != nil || !strings.Contains(out, "replaces:    "+deps[0].Distributor.Hex()) ||
		!strings.Contains(out, "the escrow and the sale stay") {
		t.Fatalf("deploy --force: %v\n%s", err, out)
	}
	if forced := recorded(first); len(forced) != 2 || forced[0].Distributor == deps[0].Distributor || forced[0].Token != deps[0].Token ||
		forced[0].Escrow != deps[0].Escrow || forced[0].Sale != deps[0].Sale || forced[0].CommerceBlock != deps[0].CommerceBlock {
		t.Fatalf("deployments after --force: %+v", forced)
	}

	// A deployment recorded before the escrow and sale existed.
	older := filepath.Join(dir, "older.db")
	auth := bind.NewKeyedTransactor(opKey, big.NewInt(1337))
	old, err := chain.DeployContracts(ctx, client, auth, chain.DeployConfig{EpochCap: chain.Unlimited})
	if err != nil {
		t.Fatal(err)
	}
	old.ChainID, old.CreatedAt = 1337, time.Now().UTC().Truncate(time.Millisecond)
	s, err := openStore(ctx, older)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDeployment(ctx, *old, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Flags for a new distributor are refused: this run deploys none.
	before = nonce()
	if _, err := deploy(older, "--epoch-cap", "5", "--publisher", operator.Hex()); err == nil || !strings.Contains(err.Error(), "--epoch-cap, --publisher would change nothing") {
		t.Fatalf("adding with distributor flags: %v", err)
	}
	if n := nonce(); n != before {
		t.Fatalf("a refused run sent %d transactions", n-before)
	}
	out, err = deploy(older)
	if err != nil {
		t.Fatalf("adding the escrow and sale: %v\n%s", err, out)
	}
	// Exactly the escrow's and the sale's deployments: no token, no distributor, no role
	// changes on them.
	if n := nonce(); n != before+2 {
		t.Fatalf("adding the escrow and sale sent %d transactions, want 2", n-before)
	}
	added := recorded(older)
	if len(added) != 1 || added[0].Token != old.Token || added[0].Distributor != old.Distributor || added[0].Block != old.Block || !added[0].CreatedAt.Equal(old.CreatedAt) {
		t.Fatalf("deployment after adding: %+v, was %+v", added, old)
	}
	checkCommerce(added[0], acct.Address, chain.DefaultContributorsBps, uint64(chain.DefaultRefundGrace/time.Second))
	if !strings.Contains(out, "escrow:      "+added[0].Escrow.Hex()) || !strings.Contains(out, "the token's and distributor's are unchanged") || strings.Contains(out, "limits:") {
		t.Fatalf("output of adding:\n%s", out)
	}
	// And a rerun deploys nothing.
	before = nonce()
	if _, err := deploy(older); err == nil || !strings.Contains(err.Error(), "a deployment is recorded") {
		t.Fatalf("deploying again after adding: %v", err)
	}
	if n := nonce(); n != before {
		t.Fatalf("a rerun after adding sent %d transactions", n-before)
	}
	if again := recorded(older); len(again) != 1 || again[0] != added[0] {
		t.Fatalf("a rerun after adding changed the record: %+v", again)
	}
}
