package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/sqlstore"
)

func init() {
	register(command{name: "campaigns", usage: "labs' sponsored evaluation campaigns (campaigns list|close ID|reconcile ID)", run: runCampaigns})
}

const campaignsUsage = `Usage:
  arena campaigns list [--db FILE]
  arena campaigns close [--db FILE] [--rpc URL --key-file KEYSTORE] [--rewards-policy F] ID
  arena campaigns reconcile [--db FILE] --rpc URL [--rewards-policy F] ID

close ends a campaign as the operator and, with --rpc and the escrow operator's key,
pays its counted votes' bounties into the distributor and refunds the rest to the lab
through CampaignEscrow. Without --rpc it only closes: run it again with --rpc to refund
(a refund is made once, however often it runs). reconcile checks that the ledger's
bounties and the escrow's deposit, payout and refund events agree.`

func runCampaigns(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, campaignsUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "list":
		return campaignsList(ctx, env, args[1:])
	case "close", "reconcile":
		return campaignsOnChain(ctx, env, args[0], args[1:])
	}
	return fmt.Errorf("unknown campaigns command %q: use list, close or reconcile", args[0])
}

func campaignsList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "campaigns list", "campaigns list [--db FILE]")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.Campaigns(ctx, 0)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "no campaigns")
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLAB\tNAME\tSTATE\tCOUNTED/TARGET\tSPENT/BUDGET\tBATTLES\tDEADLINE\tDEPOSIT\tREFUNDED")
	for _, c := range list {
		state := string(c.State)
		if c.CloseReason != "" {
			state += " (" + c.CloseReason + ")"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d/%d\t%d/%d\t%d\t%s\t%s\t%s\n", c.ID, c.LabName, c.Name, state, c.CountedVotes, c.TargetVotes,
			c.Spent(), c.Budget(), c.Battles, c.Deadline.UTC().Format(time.DateTime), dash(c.Deposit), dash(c.Refunded))
	}
	return w.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// campaignsOnChain closes or reconciles one campaign, with the escrow when --rpc is given.
func campaignsOnChain(ctx context.Context, env *Env, verb string, args []string) error {
	fs := newFlagSet(env, "campaigns "+verb, "campaigns "+verb+" [--db FILE] [--rpc URL --key-file KEYSTORE] ID")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	policyPath := fs.String("rewards-policy", envString(env, "ARENA_REWARDS_POLICY", ""), "rewards policy JSON file; the embedded default when empty (env ARENA_REWARDS_POLICY)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("campaigns %s takes exactly one campaign ID", verb)
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a campaign id", fs.Arg(0))
	}
	policy, err := loadPolicy(*policyPath)
	if err != nil {
		return err
	}
	var store *sqlstore.DB
	cs := &arena.Campaigns{Clock: arena.SystemClock{}, TokenUnits: func(p int64) string { return policy.TokenUnits(p).String() }}
	if cf.rpc != "" {
		var escrow *chain.RecordedEscrow
		if verb == "close" || cf.keyFile != "" {
			sess, err := openChain(ctx, env, cf, *db)
			if err != nil {
				return err
			}
			defer sess.Close()
			store = sess.db
			escrow = &chain.RecordedEscrow{Node: sess.client, ChainID: sess.chainID, Key: sess.key.key, Deployments: store.Deployments}
		} else {
			client, chainID, err := dialChain(ctx, cf.rpc)
			if err != nil {
				return err
			}
			defer client.Close()
			if store, err = openStore(ctx, *db); err != nil {
				return err
			}
			defer store.Close()
			escrow = &chain.RecordedEscrow{Node: client, ChainID: chainID, Deployments: store.Deployments}
		}
		cs.Escrow = escrow
	} else {
		if verb == "reconcile" {
			return fmt.Errorf("campaigns reconcile needs --rpc: the node whose escrow events it reads")
		}
		if store, err = openStore(ctx, *db); err != nil {
			return err
		}
		defer store.Close()
	}
	cs.Store, cs.Models = store, store
	if verb == "reconcile" {
		r, err := cs.Reconcile(ctx, id)
		if err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		t := r.Totals
		fmt.Fprintf(env.Stdout, "campaign %d: ledger %d bounty lines, %d points (%s token units); escrow deposited %s, paid %s for %d votes in %d payouts, refunded %s\n",
			id, r.BountyEntries, r.BountyPoints, r.BountyUnits, t.Deposited, t.Paid, t.PaidVotes, t.Payouts, t.Refunded)
		if len(r.Problems) > 0 {
			for _, p := range r.Problems {
				fmt.Fprintln(env.Stdout, "MISMATCH: "+p)
			}
			return fmt.Errorf("campaign %d: the ledger and the escrow disagree in %d ways", id, len(r.Problems))
		}
		fmt.Fprintln(env.Stdout, "the ledger and the escrow agree")
		return nil
	}
	c, err := cs.Close(ctx, nil, id)
	if err != nil {
		if arena.ErrorCode(err) == arena.EUNAVAILABLE {
			return fmt.Errorf("campaign %d is closed, but its refund waits: %s Run arena campaigns close --rpc URL --key-file KEYSTORE %d", id, arena.ErrorMessage(err), id)
		}
		return fmt.Errorf("%s", arena.ErrorMessage(err)+detail(err))
	}
	fmt.Fprintf(env.Stdout, "campaign %d closed (%s): %d of %d counted votes, %d points of bounties\n", c.ID, c.CloseReason, c.CountedVotes, c.TargetVotes, c.Spent())
	if c.Refunded != "" {
		fmt.Fprintf(env.Stdout, "refunded %s token units to %s in %s\n", c.Refunded, c.Depositor, c.RefundTx)
	} else if c.Deposit == "" {
		fmt.Fprintln(env.Stdout, "it was never funded: nothing to refund")
	}
	return nil
}
