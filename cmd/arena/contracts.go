package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
)

func init() {
	register(command{name: "contracts", usage: "deploy the reward token and distributor contracts", run: runContracts})
}

// chainKey is an operator's key from a go-ethereum keystore file.
type chainKey struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

// loadKey decrypts a go-ethereum keystore JSON file with the password in
// ARENA_KEY_PASSWORD.
func loadKey(env *Env, path string) (*chainKey, error) {
	if path == "" {
		return nil, errors.New("--key-file is required: a go-ethereum keystore JSON file (make one with `geth account new` or `clef newaccount`)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	k, err := keystore.DecryptKey(data, env.Getenv("ARENA_KEY_PASSWORD"))
	if err != nil {
		return nil, fmt.Errorf("decrypting %s with ARENA_KEY_PASSWORD: %w", path, err)
	}
	return &chainKey{key: k.PrivateKey, addr: crypto.PubkeyToAddress(k.PrivateKey.PublicKey)}, nil
}

// dialChain connects to a node and reads its chain id.
// chainSession is what the chain commands work with: the signing key, a node and the
// arena's database.
type chainSession struct {
	key     *chainKey
	client  *ethclient.Client
	chainID uint64
	db      *sqlstore.DB
}

// openChain loads the key, dials the node and opens the database, in that order, so a
// missing flag is reported before anything is opened.
func openChain(ctx context.Context, env *Env, cf chainFlags, dbPath string) (*chainSession, error) {
	key, err := loadKey(env, cf.keyFile)
	if err != nil {
		return nil, err
	}
	client, chainID, err := dialChain(ctx, cf.rpc)
	if err != nil {
		return nil, err
	}
	db, err := openStore(ctx, dbPath)
	if err != nil {
		client.Close()
		return nil, err
	}
	return &chainSession{key: key, client: client, chainID: chainID, db: db}, nil
}

// Close closes the database and the node connection.
func (cs *chainSession) Close() {
	cs.db.Close()
	cs.client.Close()
}

func dialChain(ctx context.Context, url string) (*ethclient.Client, uint64, error) {
	if url == "" {
		return nil, 0, errors.New("--rpc is required: the JSON-RPC URL of an Ethereum node, e.g. http://127.0.0.1:8545")
	}
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, 0, fmt.Errorf("connecting to %s: %w", url, err)
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	id, err := c.ChainID(cctx)
	if err != nil {
		c.Close()
		return nil, 0, fmt.Errorf("reading the chain id from %s: %w", url, err)
	}
	return c, id.Uint64(), nil
}

// chainFlags are the flags of commands that send transactions.
type chainFlags struct {
	rpc, keyFile string
}

func addChainFlags(fs interface {
	StringVar(p *string, name, value, usage string)
}, env *Env, c *chainFlags) {
	fs.StringVar(&c.rpc, "rpc", envString(env, "ARENA_RPC_URL", ""), "JSON-RPC URL of the Ethereum node (env ARENA_RPC_URL)")
	fs.StringVar(&c.keyFile, "key-file", envString(env, "ARENA_KEY_FILE", ""), "go-ethereum keystore JSON of the operator's key; password in env ARENA_KEY_PASSWORD (env ARENA_KEY_FILE)")
}

func runContracts(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "deploy" {
		fmt.Fprintln(env.Stderr, "Usage: arena contracts deploy --rpc URL --key-file KEYSTORE [--db FILE]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet(env, "contracts deploy", "contracts deploy --rpc URL --key-file KEYSTORE [flags]")
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), "database to record the deployment in: "+dbUsage)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cs, err := openChain(ctx, env, cf, *dbPath)
	if err != nil {
		return err
	}
	defer cs.Close()
	key, client, chainID, db := cs.key, cs.client, cs.chainID, cs.db
	auth := bind.NewKeyedTransactor(key.key, new(big.Int).SetUint64(chainID))
	fmt.Fprintf(env.Stdout, "deploying from %s on chain %d...\n", key.addr.Hex(), chainID)
	token, distributor, err := chain.Deploy(ctx, client, auth)
	if err != nil {
		return err
	}
	if err := db.RecordDeployment(ctx, rewards.Deployment{ChainID: chainID, Token: token, Distributor: distributor, Deployer: key.addr, CreatedAt: time.Now().UTC()}, nil); err != nil {
		return fmt.Errorf("the contracts are deployed (token %s, distributor %s) but recording them failed: %w", token.Hex(), distributor.Hex(), err)
	}
	fmt.Fprintf(env.Stdout, "chain id:    %d\ntoken:       %s\ndistributor: %s\npublisher:   %s (ROOT_PUBLISHER_ROLE; admin of both)\nrecorded in %s\n",
		chainID, token.Hex(), distributor.Hex(), key.addr.Hex(), *dbPath)
	return nil
}
