package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/views"
)

func init() {
	register(command{name: "releases", usage: "sell dataset releases: releases price NAME --amount X --token ADDR [--licence TEXT], or --free", run: runReleases})
}

const releasesUsage = `Usage: arena releases price NAME --amount TOKENS --token ADDRESS [--licence TEXT] --rpc URL --key-file KEYSTORE [--db DB]
       arena releases price NAME --free --rpc URL --key-file KEYSTORE [--db DB]`

// defaultLicence is what a sold release is licensed under unless --licence says otherwise.
const defaultLicence = "The buyer may use this dataset for research and for training and evaluating models, and may not redistribute it. Model outputs remain under their providers' terms."

func runReleases(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "price" {
		return runReleasesPrice(ctx, env, args[1:])
	}
	fmt.Fprintln(env.Stderr, releasesUsage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return nil
	}
	return errUsage
}

// runReleasesPrice lists a recorded release on the DataSale contract and records its
// price, or with --free takes it off sale. The listing goes first and is found again by
// its id, so a run that stops between the two steps is finished by running it again.
func runReleasesPrice(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "releases price", "releases price NAME --amount TOKENS --token ADDRESS [--licence TEXT] [flags]\n\nPuts release NAME (written with arena export --release against --db) on sale on the recorded\nDataSale contract, from the operator's key (OPERATOR_ROLE), and records the price: /data shows it,\nand its data files download only through the signed link a purchase earns. A new price is a new\nlisting; the old one is delisted. --free takes the release off sale: its files are open again.")
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	amount := fs.String("amount", "", "the price in tokens (18 decimals), e.g. 250 or 0.5")
	token := fs.String("token", "", "the ERC-20 the price is in (the sale contract must accept it: the deployment's ArenaToken)")
	licence := fs.String("licence", defaultLicence, "the licence text buyers accept; they name its keccak256 on chain")
	free := fs.Bool("free", false, "take the release off sale instead")
	var positional []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		positional, args = append(positional, args[0]), args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	positional = append(positional, fs.Args()...)
	if len(positional) != 1 {
		fs.Usage()
		return errors.New("give the release's name, e.g. `arena releases price 2026-12 --amount 250 --token 0x...`")
	}
	name := positional[0]
	if err := dataset.ValidReleaseName(name); err != nil {
		return err
	}
	var units *big.Int
	var tok common.Address
	if !*free {
		if *amount == "" || *token == "" {
			return errors.New("--amount and --token are required (or --free to take the release off sale)")
		}
		var err error
		if units, err = parseTokens(*amount); err != nil {
			return fmt.Errorf("--amount: %w", err)
		}
		if units.Sign() == 0 {
			return errors.New("--amount is 0: a release that costs nothing is free, which --free makes it")
		}
		if tok, err = addressFlag("token", *token); err != nil {
			return err
		}
		if strings.TrimSpace(*licence) == "" {
			return errors.New("--licence is empty: give the text buyers accept")
		}
	} else if *amount != "" || *token != "" {
		return errors.New("--free takes no --amount or --token")
	}
	cs, err := openChain(ctx, env, cf, *dbPath)
	if err != nil {
		return err
	}
	defer cs.Close()
	db := cs.db
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	var sale common.Address
	for _, d := range deps {
		if d.ChainID == cs.chainID && d.HasCommerce() {
			sale = d.Sale
			break
		}
	}
	if sale == (common.Address{}) {
		return fmt.Errorf("%s records no DataSale contract on chain %d: deploy it with arena contracts deploy", *dbPath, cs.chainID)
	}
	auth := bind.NewKeyedTransactor(cs.key.key, new(big.Int).SetUint64(cs.chainID))
	prices, err := db.Prices(ctx, name)
	if err != nil {
		return err
	}
	var current *rewards.Price
	if len(prices) > 0 && prices[0].EndedAt.IsZero() {
		current = &prices[0]
	}
	if *free {
		if current == nil {
			return fmt.Errorf("release %q is not on sale: it is free already", name)
		}
		if _, err := chain.DelistRelease(ctx, cs.client, auth, current.Sale, current.Listing); err != nil {
			return explainSaleRefusal(err, cs.key.addr, current.Sale)
		}
		if _, err := db.EndPrice(ctx, name, time.Now().UTC()); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "release %s is free again: listing %s delisted; past purchases stand\n", name, current.Listing.Hex())
		return nil
	}
	if err := db.CheckSellable(ctx, name); err != nil {
		return err
	}
	lh := rewards.LicenceHash(*licence)
	if current != nil && current.Token == tok && current.Amount.Cmp(units) == 0 && current.LicenceHash == lh {
		fmt.Fprintf(env.Stdout, "release %s is already on sale at %s of %s (listing %s)\n", name, views.Tokens(units.String()), tok.Hex(), current.Listing.Hex())
		return nil
	}
	// The next free listing id: one a run listed but did not record is taken again when
	// its terms are these, and skipped when they are not.
	var listing common.Hash
	for n := len(prices) + 1; ; n++ {
		listing = rewards.ListingID(name, n)
		_, err := chain.ListRelease(ctx, cs.client, auth, sale, listing, tok, units, lh)
		if errors.Is(err, chain.ErrListedOtherwise) {
			continue
		}
		if err != nil {
			return explainSaleRefusal(err, cs.key.addr, sale)
		}
		break
	}
	p := &rewards.Price{Release: name, Listing: listing, Sale: sale, Token: tok, Amount: units, Licence: *licence, LicenceHash: lh, CreatedAt: time.Now().UTC()}
	if err := db.SetPrice(ctx, p); err != nil {
		return fmt.Errorf("listed on chain as %s, but recording the price failed (run the same command again to record it): %w", listing.Hex(), err)
	}
	fmt.Fprintf(env.Stdout, "release %s on sale: %s of %s\nsale contract: %s\nlisting:       %s\nlicence hash:  %s\n", name, views.Tokens(units.String()), tok.Hex(), sale.Hex(), listing.Hex(), lh.Hex())
	if current != nil {
		if _, err := chain.DelistRelease(ctx, cs.client, auth, current.Sale, current.Listing); err != nil {
			fmt.Fprintf(env.Stderr, "warning: the old listing %s is still on sale at its old price (delisting failed: %v); run arena releases price again or delist it by hand\n", current.Listing.Hex(), err)
		} else {
			fmt.Fprintf(env.Stdout, "old listing:   %s delisted\n", current.Listing.Hex())
		}
	}
	return nil
}

// explainSaleRefusal says in words why the sale contract refused.
func explainSaleRefusal(err error, key, sale common.Address) error {
	switch name, _ := chain.RevertErrorName(err); name {
	case "AccessControlUnauthorizedAccount":
		return fmt.Errorf("the key %s lacks OPERATOR_ROLE on the sale contract %s: use the operator's key (`arena contracts deploy` printed it)", key.Hex(), sale.Hex())
	case "TokenNotAccepted":
		return fmt.Errorf("the sale contract %s does not accept that token: price the release in the deployment's ArenaToken, or have the admin give the token a payee", sale.Hex())
	}
	return err
}
