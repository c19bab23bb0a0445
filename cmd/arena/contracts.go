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
		fmt.Fprintln(env.Stderr, "Usage: arena contracts deploy --rpc URL --key-file KEYSTORE [--db FILE] [--force]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet(env, "contracts deploy", "contracts deploy --rpc URL --key-file KEYSTORE [flags]\n\nDeploys the token and the distributor and records them. When a deployment is recorded it\nrefuses; --force replaces its distributor: the old one stops paying, and the new one,\nwhich pays in the same token, owes each wallet only what it has not claimed there.")
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), "database to record the deployment in: "+dbUsage)
	force := fs.Bool("force", false, "replace the recorded deployment's distributor (see above) instead of refusing")
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
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	var dep *rewards.Deployment
	var carry []rewards.Carryover
	if len(deps) == 0 {
		fmt.Fprintf(env.Stdout, "deploying from %s on chain %d...\n", key.addr.Hex(), chainID)
		if dep, err = chain.DeployContracts(ctx, client, auth); err != nil {
			return err
		}
	} else {
		old := deps[0]
		if !*force {
			return fmt.Errorf("a deployment is recorded in %s: token %s, distributor %s on chain %d (since %s). Settle there; "+
				"to replace its distributor, pass --force: the old one stops paying and the new one owes only what was not claimed on the old",
				*dbPath, old.Token.Hex(), old.Distributor.Hex(), old.ChainID, old.CreatedAt.Format(time.DateOnly))
		}
		if old.ChainID != chainID {
			return fmt.Errorf("the recorded deployment is on chain %d but the node is on chain %d: a distributor on another chain would pay again everything claimed on chain %d, which --force cannot account for from this node; point --rpc at chain %d",
				old.ChainID, chainID, old.ChainID, old.ChainID)
		}
		if open, err := db.OpenEpoch(ctx, old.Distributor); err != nil {
			return err
		} else if open != nil {
			return fmt.Errorf("epoch %d of the distributor %s is unfinished (%s): finish it with arena settle, or give it up with arena settle abandon %d, then replace the distributor",
				open.Number, old.Distributor.Hex(), open.State, open.Number)
		}
		var owed []rewards.EpochEntry
		if last, err := db.LatestConfirmed(ctx, old.Distributor); err != nil {
			return err
		} else if last != nil {
			if owed, err = db.EpochEntries(ctx, last.ID); err != nil {
				return err
			}
		}
		fmt.Fprintf(env.Stdout, "replacing the distributor %s from %s on chain %d: revoking its MINTER_ROLE, reading its claims, deploying a new one...\n", old.Distributor.Hex(), key.addr.Hex(), chainID)
		if dep, carry, err = chain.Replace(ctx, client, auth, old, owed); err != nil {
			return err
		}
	}
	dep.ChainID, dep.CreatedAt = chainID, time.Now().UTC()
	if err := db.RecordDeployment(ctx, *dep, carry); err != nil {
		return fmt.Errorf("the contracts are deployed (token %s, distributor %s) but recording them failed: %w", dep.Token.Hex(), dep.Distributor.Hex(), err)
	}
	fmt.Fprintf(env.Stdout, "chain id:    %d\ntoken:       %s\ndistributor: %s\npublisher:   %s (ROOT_PUBLISHER_ROLE; admin of both)\n",
		chainID, dep.Token.Hex(), dep.Distributor.Hex(), key.addr.Hex())
	if dep.Replaces != (common.Address{}) {
		fmt.Fprintf(env.Stdout, "replaces:    %s (no longer pays; %d wallets carried over)\n", dep.Replaces.Hex(), len(carry))
	}
	fmt.Fprintf(env.Stdout, "recorded in %s\n", *dbPath)
	return nil
}
