package chain_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

func personalSign(t *testing.T, k *ecdsa.PrivateKey, message string) []byte {
	t.Helper()
	sig, err := crypto.Sign(accounts.TextHash([]byte(message)), k)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return sig
}

// wrap6492 wraps sig as a smart account not deployed yet signs: abi.encode(factory,
// calldata, sig) and the magic suffix.
func wrap6492(t *testing.T, factory common.Address, calldata, sig []byte) []byte {
	t.Helper()
	addrT, _ := abi.NewType("address", "", nil)
	bytesT, _ := abi.NewType("bytes", "", nil)
	enc, err := abi.Arguments{{Type: addrT}, {Type: bytesT}, {Type: bytesT}}.Pack(factory, calldata, sig)
	if err != nil {
		t.Fatal(err)
	}
	return append(enc, rewards.ERC6492Suffix...)
}

// TestContractWalletSignatures links contract wallets through the wallet service on the
// simulated chain: a deployed EIP-1271 account, a counterfactual ERC-6492 one (which the
// check does not deploy), and refusals of wrong signatures; without a node, the refusal
// says contract wallets need the server's RPC.
func TestContractWalletSignatures(t *testing.T) {
	ctx := context.Background()
	owner, _ := crypto.GenerateKey()
	stranger, _ := crypto.GenerateKey()
	funder, _ := crypto.GenerateKey()
	funderAddr := crypto.PubkeyToAddress(funder.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{funderAddr: {Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)}})
	t.Cleanup(func() { sim.Close() })
	node := autoMine{Client: sim.Client(), sim: sim, hold: new(atomic.Bool)}
	chainID, err := node.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	auth := bind.NewKeyedTransactor(funder, chainID)

	factoryABI, factoryBin := chain.LoadTestContract(t, "ContractWalletFactory")
	factory, tx, err := bind.DeployContract(auth, factoryBin, node, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(ctx, node, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	ownerAddr := crypto.PubkeyToAddress(owner.PublicKey)
	addressOf := func(salt common.Hash) common.Address {
		t.Helper()
		out, err := node.CallContract(ctx, callMsg(factory, mustPack(t, factoryABI, "addressOf", ownerAddr, salt)), nil)
		if err != nil {
			t.Fatal(err)
		}
		return common.BytesToAddress(out)
	}
	deployed, counterfactual := addressOf(common.Hash{1}), addressOf(common.Hash{2})
	tx, err = bind.Transact(bind.NewBoundContract(factory, factoryABI, node, node, node), auth, mustPack(t, factoryABI, "deploy", ownerAddr, common.Hash{1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(ctx, node, tx); err != nil {
		t.Fatal(err)
	}
	codeOf := func(a common.Address) int {
		c, err := node.CodeAt(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(c)
	}
	if codeOf(deployed) == 0 || codeOf(counterfactual) != 0 {
		t.Fatal("the factory did not deploy the first account, or deployed the second")
	}
	deployCounterfactual := mustPack(t, factoryABI, "deploy", ownerAddr, common.Hash{2})

	db := sqlitetest.Open(t)
	clock := arenatest.NewClock(time.Date(2026, 5, 6, 7, 0, 0, 0, time.UTC))
	withNode := &rewards.Wallets{Store: db, Clock: clock, Contracts: chain.Signatures{Backend: node}}
	noNode := &rewards.Wallets{Store: db, Clock: clock}
	o := rewards.Origin{Scheme: "https", Host: "arena.example"}
	n := 0
	user := func() int64 {
		n++
		u := &arena.User{Username: "u" + string(rune('a'+n)), Role: arena.RoleUser, PasswordHash: "x", CreatedAt: clock.Now()}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	// try links addr to a new account with sign(message)'s signature.
	try := func(w *rewards.Wallets, addr common.Address, sign func(message string) []byte) error {
		t.Helper()
		id := user()
		m, err := w.IssueMessage(ctx, id, o, addr.Hex())
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.Link(ctx, id, o, m.String(), hexutil.Encode(sign(m.String())))
		if err == nil && got != addr {
			t.Fatalf("linked %s, want %s", got.Hex(), addr.Hex())
		}
		return err
	}
	refused := func(what string, err error, code, msg string) {
		t.Helper()
		if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), msg) {
			t.Errorf("%s: got %v, want %s with %q", what, err, code, msg)
		}
	}
	byOwner := func(m string) []byte { return personalSign(t, owner, m) }
	byStranger := func(m string) []byte { return personalSign(t, stranger, m) }

	// Without a node, a contract wallet cannot be checked, and the refusal says so.
	refused("EIP-1271 without a node", try(noNode, deployed, byOwner), arena.EUNAUTHORIZED, "contract wallets (smart accounts) are checked through the server's chain node")
	refused("ERC-6492 without a node", try(noNode, counterfactual, func(m string) []byte {
		return wrap6492(t, factory, deployCounterfactual, byOwner(m))
	}), arena.EUNAVAILABLE, "without --rpc")

	// EIP-1271: the deployed account accepts its owner's signature only.
	refused("EIP-1271 by a stranger", try(withNode, deployed, byStranger), arena.EUNAUTHORIZED, "does not accept this signature")
	if err := try(withNode, deployed, byOwner); err != nil {
		t.Fatalf("EIP-1271 link: %v", err)
	}

	// ERC-6492: the account is deployed within the check only.
	refused("ERC-6492 by a stranger", try(withNode, counterfactual, func(m string) []byte {
		return wrap6492(t, factory, deployCounterfactual, byStranger(m))
	}), arena.EUNAUTHORIZED, "does not accept this signature")
	refused("ERC-6492 whose factory deploys another account", try(withNode, counterfactual, func(m string) []byte {
		return wrap6492(t, factory, mustPack(t, factoryABI, "deploy", ownerAddr, common.Hash{3}), byOwner(m))
	}), arena.EUNAUTHORIZED, "is not deployed")
	if err := try(withNode, counterfactual, func(m string) []byte { return wrap6492(t, factory, deployCounterfactual, byOwner(m)) }); err != nil {
		t.Fatalf("ERC-6492 link: %v", err)
	}
	if codeOf(counterfactual) != 0 {
		t.Error("checking the ERC-6492 signature deployed the account on chain")
	}

	// A wrapped signature of an account deployed since is checked against its code,
	// without calling the factory again.
	hash := common.BytesToHash(accounts.TextHash([]byte("hello")))
	ownerSig, err := crypto.Sign(hash[:], owner)
	if err != nil {
		t.Fatal(err)
	}
	check := chain.Signatures{Backend: node}
	if res, err := check.CheckSignature(ctx, deployed, hash, wrap6492(t, factory, mustPack(t, factoryABI, "deploy", ownerAddr, common.Hash{1}), ownerSig)); err != nil || res != rewards.SignatureValid {
		t.Errorf("wrapped signature of a deployed account: %v %v", res, err)
	}
	if res, err := check.CheckSignature(ctx, deployed, hash, append([]byte{1, 2, 3}, rewards.ERC6492Suffix...)); err != nil || res != rewards.SignatureRefused {
		t.Errorf("malformed ERC-6492 wrapper: %v %v", res, err)
	}

	// A plain address with a wrong key is told so, not sent to the contract path.
	eoa := crypto.PubkeyToAddress(stranger.PublicKey)
	refused("wrong key", try(withNode, eoa, byOwner), arena.EUNAUTHORIZED, "The signature was not made by "+eoa.Hex())
	if err := try(withNode, eoa, byStranger); err != nil {
		t.Fatalf("key link with a node: %v", err)
	}
}

func mustPack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	data, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
