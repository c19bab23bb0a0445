package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/views"
)

func init() {
	register(command{name: "contracts", usage: "deploy the reward token, distributor, campaign escrow and data sale contracts; pause, unpause, set-limits, grant and revoke on the distributor", run: runContracts})
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

const contractsUsage = `Usage: arena contracts deploy --rpc URL --key-file KEYSTORE --epoch-cap TOKENS [flags]
       arena contracts pause|unpause [flags]
       arena contracts set-limits --epoch-cap TOKENS [--min-epoch-interval D] [flags]
       arena contracts grant|revoke publisher|pauser ADDRESS [flags]`

func runContracts(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "deploy":
			return runContractsDeploy(ctx, env, args[1:])
		case "pause", "unpause", "set-limits", "grant", "revoke":
			return runContractsAdmin(ctx, env, args[0], args[1:])
		}
	}
	fmt.Fprintln(env.Stderr, contractsUsage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return nil
	}
	return errUsage
}

// limitFlags are the distributor's limits, as deploy and set-limits take them.
type limitFlags struct {
	epochCap    *string
	minInterval *time.Duration
}

func addLimitFlags(fs *flag.FlagSet, interval time.Duration) limitFlags {
	return limitFlags{
		epochCap:    fs.String("epoch-cap", "", "required: the most one epoch may add to what can be claimed, in ARENA (e.g. 50000 or 0.5), or \"unlimited\"; it bounds what a stolen settlement key can mint"),
		minInterval: fs.Duration("min-epoch-interval", interval, "the least time between two roots (by block time); with --epoch-cap, what a stolen settlement key can mint per this interval. 0 on a chain that makes blocks only for transactions (geth --dev)"),
	}
}

// capUnits is --epoch-cap in token units.
func (l limitFlags) capUnits() (*big.Int, error) {
	switch *l.epochCap {
	case "":
		return nil, errors.New("--epoch-cap is required: the most one epoch may add to what can be claimed, in ARENA (a little above the largest epoch you expect), or \"unlimited\"")
	case "unlimited":
		return chain.Unlimited, nil
	}
	return parseTokens(*l.epochCap)
}

// parseTokens reads a decimal amount of ARENA (18 decimals) as token units.
func parseTokens(s string) (*big.Int, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 || strings.ContainsAny(s, "/eE") {
		return nil, fmt.Errorf("%q is not an amount of ARENA (a decimal number such as 1000 or 0.5)", s)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)))
	if !r.IsInt() {
		return nil, fmt.Errorf("%q has more than 18 decimals", s)
	}
	return r.Num(), nil
}

// addressFlag reads an optional address flag; empty gives the zero address.
func addressFlag(name, v string) (common.Address, error) {
	if v == "" {
		return common.Address{}, nil
	}
	if !common.IsHexAddress(v) {
		return common.Address{}, fmt.Errorf("--%s %q is not an address", name, v)
	}
	return common.HexToAddress(v), nil
}

func runContractsDeploy(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "contracts deploy", "contracts deploy --rpc URL --key-file KEYSTORE --epoch-cap TOKENS [flags]\n\nDeploys the token, the distributor, the campaign escrow and the data sale, and records them.\nThe key deploying them hands the admin role to --admin and the publisher role to\n--publisher (both itself by default). When a deployment is recorded without its escrow and\nsale, it deploys those two beside its token and distributor (no --epoch-cap needed); when\none is recorded with them, it refuses. --force replaces its distributor: the old one stops\npaying, and the new one, which pays in the same token, owes each wallet only what it has\nnot claimed there.")
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), "database to record the deployment in: "+dbUsage)
	force := fs.Bool("force", false, "replace the recorded deployment's distributor (see above) instead of refusing")
	admin := fs.String("admin", "", "the admin of every contract: grants roles, sets the limits and the escrow's and sale's payees and treasury, unpauses, and can mint through the token (keep it offline); default: the deploying key")
	publisher := fs.String("publisher", "", "the key `arena settle` signs with: ROOT_PUBLISHER_ROLE and nothing else; default: the deploying key")
	pauser := fs.String("pauser", "", "a key that may pause the distributor and do nothing else (the admin may always pause)")
	operator := fs.String("operator", "", "the key that pays campaign bounties, closes campaigns and lists releases: OPERATOR_ROLE on the escrow and the sale; default: the deploying key")
	treasury := fs.String("treasury", "", "where the operator's share of each data sale goes; default: the admin")
	bps := fs.Uint("contributors-bps", chain.DefaultContributorsBps, "the contributors' share of each data sale, in basis points (7000 = 70%); fixed for good once deployed")
	grace := fs.Duration("refund-grace", chain.DefaultRefundGrace, "how long after a campaign's deadline only the operator may close it; then anyone may, refunding the lab")
	lf := addLimitFlags(fs, time.Hour)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cfg chain.DeployConfig
	var ccfg chain.CommerceConfig
	var err error
	var capErr error
	if cfg.EpochCap, err = lf.capUnits(); err != nil {
		// Needed only when a distributor is deployed; adding the escrow and sale to a
		// recorded deployment takes none.
		if *lf.epochCap != "" {
			return err
		}
		capErr = err
	}
	cfg.MinInterval = *lf.minInterval
	if cfg.Admin, err = addressFlag("admin", *admin); err != nil {
		return err
	}
	if cfg.Publisher, err = addressFlag("publisher", *publisher); err != nil {
		return err
	}
	if cfg.Pauser, err = addressFlag("pauser", *pauser); err != nil {
		return err
	}
	if ccfg.Operator, err = addressFlag("operator", *operator); err != nil {
		return err
	}
	if ccfg.Treasury, err = addressFlag("treasury", *treasury); err != nil {
		return err
	}
	if *bps == 0 || *bps > 10000 {
		return fmt.Errorf("--contributors-bps %d is not a share: give 1 to 10000 basis points (10000 is 100%%)", *bps)
	}
	if *grace < time.Second {
		return fmt.Errorf("--refund-grace %s is too short: give at least a second, e.g. 168h, so the operator can pay the votes cast before a campaign's deadline", *grace)
	}
	ccfg.Admin, ccfg.ContributorsBps, ccfg.RefundGrace = cfg.Admin, uint16(*bps), *grace
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
	newDistributor := true
	switch {
	case len(deps) == 0:
		if capErr != nil {
			return capErr
		}
		fmt.Fprintf(env.Stdout, "deploying from %s on chain %d...\n", key.addr.Hex(), chainID)
		if dep, err = chain.DeployContracts(ctx, client, auth, cfg); err != nil {
			return err
		}
	case !*force && deps[0].HasCommerce():
		old := deps[0]
		return fmt.Errorf("a deployment is recorded in %s: token %s, distributor %s, escrow %s, sale %s on chain %d (since %s). Settle there; "+
			"to replace its distributor, pass --force: the old one stops paying and the new one owes only what was not claimed on the old",
			*dbPath, old.Token.Hex(), old.Distributor.Hex(), old.Escrow.Hex(), old.Sale.Hex(), old.ChainID, old.CreatedAt.Format(time.DateOnly))
	case !*force:
		old := deps[0]
		if old.ChainID != chainID {
			return fmt.Errorf("the recorded deployment is on chain %d but the node is on chain %d: its escrow and sale must be on the chain of its token and distributor; point --rpc at chain %d",
				old.ChainID, chainID, old.ChainID)
		}
		var distFlags []string
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "epoch-cap", "min-epoch-interval", "publisher", "pauser":
				distFlags = append(distFlags, "--"+f.Name)
			}
		})
		if len(distFlags) > 0 {
			return fmt.Errorf("the deployment recorded in %s has its distributor %s, and this run only adds the escrow and the sale beside it, so %s would change nothing: "+
				"set the distributor's limits and roles with arena contracts set-limits and grant, or replace it with --force",
				*dbPath, old.Distributor.Hex(), strings.Join(distFlags, ", "))
		}
		dep, newDistributor = &old, false
	default:
		if capErr != nil {
			return capErr
		}
		old := deps[0]
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
		if dep, carry, err = chain.Replace(ctx, client, auth, old, owed, cfg); err != nil {
			return err
		}
		// The escrow and sale stay: campaigns funded there are paid and refunded there.
		// What they route to the old distributor is retired there just the same, as it
		// moves no tokens.
		dep.Escrow, dep.Sale, dep.CommerceBlock = old.Escrow, old.Sale, old.CommerceBlock
	}
	if newDistributor {
		dep.ChainID, dep.CreatedAt = chainID, time.Now().UTC()
		if err := db.RecordDeployment(ctx, *dep, carry); err != nil {
			return fmt.Errorf("the contracts are deployed (token %s, distributor %s) but recording them failed: %w", dep.Token.Hex(), dep.Distributor.Hex(), err)
		}
	}
	addedCommerce := !dep.HasCommerce()
	if addedCommerce {
		// Recorded on their own, after the token and distributor: a run that fails here
		// leaves a deployment the next run adds them to.
		fmt.Fprintf(env.Stdout, "deploying the campaign escrow and the data sale beside the token %s and the distributor %s...\n", dep.Token.Hex(), dep.Distributor.Hex())
		com, err := chain.DeployCommerce(ctx, client, auth, dep.Token, dep.Distributor, ccfg)
		if err != nil {
			if newDistributor {
				return fmt.Errorf("the token %s and the distributor %s are deployed and recorded, but deploying the escrow and the sale failed (run arena contracts deploy again, without --epoch-cap, --min-epoch-interval, --publisher and --pauser, to add them): %w", dep.Token.Hex(), dep.Distributor.Hex(), err)
			}
			return err
		}
		dep.Escrow, dep.Sale, dep.CommerceBlock = com.Escrow, com.Sale, com.Block
		if err := db.RecordCommerce(ctx, *dep); err != nil {
			return fmt.Errorf("the escrow %s and the sale %s are deployed but recording them failed: %w", com.Escrow.Hex(), com.Sale.Hex(), err)
		}
	}
	or := func(a common.Address) string {
		if a == (common.Address{}) {
			a = key.addr
		}
		return a.Hex()
	}
	fmt.Fprintf(env.Stdout, "chain id:    %d\ntoken:       %s\ndistributor: %s\nescrow:      %s\nsale:        %s\n",
		chainID, dep.Token.Hex(), dep.Distributor.Hex(), dep.Escrow.Hex(), dep.Sale.Hex())
	if newDistributor {
		fmt.Fprintf(env.Stdout, "admin:       %s (every contract; pauses and unpauses, sets the limits and payees, grants roles)\npublisher:   %s (ROOT_PUBLISHER_ROLE only: the key for arena settle)\n",
			or(cfg.Admin), or(cfg.Publisher))
		if cfg.Pauser != (common.Address{}) {
			fmt.Fprintf(env.Stdout, "pauser:      %s\n", cfg.Pauser.Hex())
		}
		fmt.Fprintf(env.Stdout, "limits:      %s\n", describeLimits(cfg.EpochCap, cfg.MinInterval))
	}
	if addedCommerce {
		if !newDistributor {
			fmt.Fprintf(env.Stdout, "admin:       %s (the escrow and the sale; the token's and distributor's are unchanged)\n", or(cfg.Admin))
		}
		treasury := ccfg.Treasury
		if treasury == (common.Address{}) {
			treasury = cfg.Admin
		}
		fmt.Fprintf(env.Stdout, "operator:    %s (OPERATOR_ROLE: pays bounties, closes campaigns, lists releases)\nsales:       %d.%02d%% to contributors (retired into the distributor, minted to them on claim), the rest to the treasury %s\nrefunds:     anyone may close a campaign %s after its deadline\n",
			or(ccfg.Operator), ccfg.ContributorsBps/100, ccfg.ContributorsBps%100, or(treasury), ccfg.RefundGrace)
	}
	if dep.Replaces != (common.Address{}) {
		fmt.Fprintf(env.Stdout, "replaces:    %s (no longer pays; %d wallets carried over)\n", dep.Replaces.Hex(), len(carry))
		if !addedCommerce {
			fmt.Fprintf(env.Stdout, "             the escrow and the sale stay, still paying into %s, where what they send is retired as before\n", dep.Replaces.Hex())
		}
	}
	fmt.Fprintf(env.Stdout, "recorded in %s\n", *dbPath)
	return nil
}

// describeLimits says what a cap and an interval allow.
func describeLimits(epochCap *big.Int, interval time.Duration) string {
	c := "no cap per epoch"
	if epochCap.Cmp(chain.Unlimited) != 0 {
		c = "at most " + views.Tokens(epochCap.String()) + " ARENA added per epoch"
	}
	if interval <= 0 {
		return c + ", epochs as often as published"
	}
	return fmt.Sprintf("%s, at most one epoch every %s", c, interval)
}

// runContractsAdmin runs the distributor's admin actions: pause (PAUSER_ROLE), unpause,
// set-limits, grant and revoke (the admin role).
func runContractsAdmin(ctx context.Context, env *Env, action string, args []string) error {
	synopsis := map[string]string{
		"pause":      "contracts pause [flags]\n\nStops claims and root publishing on the distributor at once (PAUSER_ROLE or the admin).",
		"unpause":    "contracts unpause [flags]\n\nLets claims and root publishing resume (the admin's key).",
		"set-limits": "contracts set-limits --epoch-cap TOKENS [--min-epoch-interval D] [flags]\n\nSets the distributor's limits (the admin's key).",
		"grant":      "contracts grant publisher|pauser ADDRESS [flags]\n\nGives ADDRESS the role on the distributor (the admin's key).",
		"revoke":     "contracts revoke publisher|pauser ADDRESS [flags]\n\nTakes the role on the distributor from ADDRESS (the admin's key).",
	}[action]
	fs := newFlagSet(env, "contracts "+action, synopsis)
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	distributor := fs.String("distributor", envString(env, "ARENA_DISTRIBUTOR", ""), "distributor address, when not the one `arena contracts deploy` recorded (env ARENA_DISTRIBUTOR)")
	var lf limitFlags
	if action == "set-limits" {
		lf = addLimitFlags(fs, 0)
	}
	var positional []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		positional, args = append(positional, args[0]), args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	positional = append(positional, fs.Args()...)
	var role common.Hash
	var who common.Address
	if action == "grant" || action == "revoke" {
		roles := map[string]common.Hash{"publisher": chain.RootPublisherRole, "pauser": chain.PauserRole}
		var ok bool
		if len(positional) == 2 {
			role, ok = roles[positional[0]]
		}
		if !ok || !common.IsHexAddress(positional[1]) {
			fs.Usage()
			return fmt.Errorf("give the role (publisher or pauser) and the address, e.g. `arena contracts %s publisher 0x...`", action)
		}
		who = common.HexToAddress(positional[1])
	} else if len(positional) > 0 {
		fs.Usage()
		return errUsage
	}
	var epochCap *big.Int
	if action == "set-limits" {
		var err error
		if epochCap, err = lf.capUnits(); err != nil {
			return err
		}
	}
	cs, err := openChain(ctx, env, cf, *dbPath)
	if err != nil {
		return err
	}
	defer cs.Close()
	deps, err := cs.db.Deployments(ctx)
	if err != nil {
		return err
	}
	dist, err := chain.ResolveDistributor(ctx, cs.client, deps, cs.chainID, *distributor)
	if err != nil {
		return err
	}
	auth := bind.NewKeyedTransactor(cs.key.key, new(big.Int).SetUint64(cs.chainID))
	var done string
	switch action {
	case "pause":
		err, done = chain.Pause(ctx, cs.client, auth, dist), "Paused: claims and root publishing are stopped until the admin runs arena contracts unpause."
	case "unpause":
		err, done = chain.Unpause(ctx, cs.client, auth, dist), "Unpaused: claims and root publishing resume."
	case "set-limits":
		err, done = chain.SetLimits(ctx, cs.client, auth, dist, epochCap, *lf.minInterval), "Limits set: "+describeLimits(epochCap, *lf.minInterval)+"."
	case "grant":
		err, done = chain.GrantRole(ctx, cs.client, auth, dist, role, who), fmt.Sprintf("%s is now a %s of the distributor.", who.Hex(), positional[0])
	case "revoke":
		err, done = chain.RevokeRole(ctx, cs.client, auth, dist, role, who), fmt.Sprintf("%s is no longer a %s of the distributor.", who.Hex(), positional[0])
	}
	if err != nil {
		return explainAdminRefusal(err, action, cs.key.addr, dist)
	}
	fmt.Fprintf(env.Stdout, "%s (distributor %s)\n", done, dist.Hex())
	return nil
}

// explainAdminRefusal says in words why the distributor refused an admin action.
func explainAdminRefusal(err error, action string, key, dist common.Address) error {
	name, _ := chain.RevertErrorName(err)
	switch name {
	case "AccessControlUnauthorizedAccount":
		need := "the admin role"
		if action == "pause" {
			need = "PAUSER_ROLE (or the admin role)"
		}
		return fmt.Errorf("the key %s lacks %s on the distributor %s, so it cannot %s: use the admin's key (`arena contracts deploy` printed it)", key.Hex(), need, dist.Hex(), action)
	case "EnforcedPause":
		return fmt.Errorf("the distributor %s is already paused", dist.Hex())
	case "ExpectedPause":
		return fmt.Errorf("the distributor %s is not paused", dist.Hex())
	}
	return err
}
