package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// The data sales store (issue 26): release_prices, sales and the sale ledger
// sale_shares. Amounts are decimal text: token units pass 64 bits.

var _ rewards.SalesStore = (*DB)(nil)

func bigText(s string) (*big.Int, error) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("unreadable amount %q", s)
	}
	return v, nil
}

// SetPrice makes p the release's current price, ending the one before.
func (db *DB) SetPrice(ctx context.Context, p *rewards.Price) (err error) {
	defer wrap(&err, "SetPrice")
	if p.Amount == nil || p.Amount.Sign() <= 0 {
		return arena.Errorf(arena.EINVALID, "A price must be above zero; a free release has no price.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		releaseID, err := sellable(ctx, tx, p.Release)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE release_prices SET ended_at = ? WHERE release_id = ? AND ended_at IS NULL`, ms(p.CreatedAt), releaseID); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO release_prices (release_id, listing, sale, token, amount, licence, licence_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, releaseID, p.Listing.Hex(), p.Sale.Hex(), p.Token.Hex(), p.Amount.String(),
			p.Licence, p.LicenceHash.Hex(), ms(p.CreatedAt)).Scan(&p.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "The listing %s is recorded already.", p.Listing.Hex())
		}
		return err
	})
}

// CheckSellable reports why release cannot be priced: it is not recorded in this
// database (ENOTFOUND) or it is internal (EINVALID).
func (db *DB) CheckSellable(ctx context.Context, release string) (err error) {
	defer wrap(&err, "CheckSellable")
	_, err = sellable(ctx, db.read, release)
	return err
}

func sellable(ctx context.Context, q sqlQuerier, release string) (int64, error) {
	var id, internal int64
	err := q.QueryRowContext(ctx, `SELECT id, internal FROM releases WHERE name = ?`, release).Scan(&id, &internal)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, arena.Errorf(arena.ENOTFOUND, "This database recorded no release named %q: write it with arena export --release %s against this database first.", release, release)
	} else if err != nil {
		return 0, err
	}
	if internal != 0 {
		return 0, arena.Errorf(arena.EINVALID, "Release %q is internal: it holds battles not cleared for publication, so it is never sold.", release)
	}
	return id, nil
}

// EndPrice makes release free again.
func (db *DB) EndPrice(ctx context.Context, release string, now time.Time) (_ *rewards.Price, err error) {
	defer wrap(&err, "EndPrice")
	var ended *rewards.Price
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		ps, err := prices(ctx, tx, `r.name = ? AND p.ended_at IS NULL`, release)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return arena.Errorf(arena.ENOTFOUND, "Release %q has no price: it is free already.", release)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE release_prices SET ended_at = ? WHERE id = ?`, ms(now), ps[0].ID); err != nil {
			return err
		}
		ended = &ps[0]
		ended.EndedAt = now
		return nil
	})
	return ended, err
}

const priceCols = `p.id, r.name, p.listing, p.sale, p.token, p.amount, p.licence, p.licence_hash, p.created_at, p.ended_at`

func prices(ctx context.Context, q sqlQuerier, where string, args ...any) ([]rewards.Price, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+priceCols+` FROM release_prices p JOIN releases r ON r.id = p.release_id WHERE `+where+` ORDER BY p.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.Price
	for rows.Next() {
		var p rewards.Price
		var listing, sale, token, amount, lh string
		var created int64
		var ended sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Release, &listing, &sale, &token, &amount, &p.Licence, &lh, &created, &ended); err != nil {
			return nil, err
		}
		p.Listing, p.Sale, p.Token, p.LicenceHash, p.CreatedAt = common.HexToHash(listing), common.HexToAddress(sale), common.HexToAddress(token), common.HexToHash(lh), fromMS(created)
		if ended.Valid {
			p.EndedAt = fromMS(ended.Int64)
		}
		if p.Amount, err = bigText(amount); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Prices returns the release's prices, newest first.
func (db *DB) Prices(ctx context.Context, release string) (_ []rewards.Price, err error) {
	defer wrap(&err, "Prices")
	return prices(ctx, db.read, `r.name = ?`, release)
}

// CurrentPrices returns every priced release's current price.
func (db *DB) CurrentPrices(ctx context.Context) (_ map[string]rewards.Price, err error) {
	defer wrap(&err, "CurrentPrices")
	ps, err := prices(ctx, db.read, `p.ended_at IS NULL`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]rewards.Price, len(ps))
	for _, p := range ps {
		out[p.Release] = p
	}
	return out, nil
}

// PriceByListing returns the price of a listing, or nil.
func (db *DB) PriceByListing(ctx context.Context, listing common.Hash) (_ *rewards.Price, err error) {
	defer wrap(&err, "PriceByListing")
	ps, err := prices(ctx, db.read, `p.listing = ?`, listing.Hex())
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &ps[0], nil
}

// RecordSale records a verified purchase and its contributors' shares, once.
func (db *DB) RecordSale(ctx context.Context, s *rewards.Sale, split func(map[int64]int64) []rewards.SaleShare) (created bool, err error) {
	defer wrap(&err, "RecordSale")
	pu := &s.Purchase
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		created = false
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM sales WHERE tx_hash = ? AND log_index = ?`, pu.TxHash.Hex(), int64(pu.LogIndex)).Scan(&id)
		if err == nil {
			got, err := saleByID(ctx, tx, id)
			if err != nil {
				return err
			}
			*s = *got
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var releaseID int64
		if err := tx.QueryRowContext(ctx, `SELECT release_id FROM release_prices WHERE id = ?`, s.PriceID).Scan(&releaseID); err != nil {
			return err
		}
		// Who earns a share is the domain's rule (arena.VoteFacts.EarnsSaleShare), in
		// the SQL every reader of it shares.
		rows, err := tx.QueryContext(ctx, `SELECT v.user_id, COUNT(*) FROM release_battles rb
			JOIN votes v ON v.battle_id = rb.battle_id JOIN battles b ON b.id = rb.battle_id
			JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
			WHERE rb.release_id = ? AND `+earnsSaleShare+` GROUP BY v.user_id`, releaseID)
		if err != nil {
			return err
		}
		battles := map[int64]int64{}
		var total int64
		for rows.Next() {
			var u, n int64
			if err := rows.Scan(&u, &n); err != nil {
				rows.Close()
				return err
			}
			battles[u], total = n, total+n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		shares := split(battles)
		if err := tx.QueryRowContext(ctx, `INSERT INTO sales (tx_hash, log_index, price_id, release_id, buyer, token, paid, to_contributors, to_operator, block_number, battles, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, pu.TxHash.Hex(), int64(pu.LogIndex), s.PriceID, releaseID, pu.Buyer.Hex(), pu.Token.Hex(),
			pu.Price.String(), pu.ToContributors.String(), pu.ToOperator.String(), int64(pu.Block), total, ms(s.CreatedAt)).Scan(&s.ID); err != nil {
			return err
		}
		for i := range shares {
			if err := tx.QueryRowContext(ctx, `INSERT INTO sale_shares (sale_id, user_id, battles, units, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				s.ID, shares[i].UserID, shares[i].Battles, shares[i].Units.String(), ms(s.CreatedAt)).Scan(&shares[i].ID); err != nil {
				return err
			}
		}
		s.Battles, s.Shares, created = total, shares, true
		return nil
	})
	return created, err
}

// SaleByID returns a recorded sale with its shares.
func (db *DB) SaleByID(ctx context.Context, id int64) (_ *rewards.Sale, err error) {
	defer wrap(&err, "SaleByID")
	return saleByID(ctx, db.read, id)
}

func saleByID(ctx context.Context, q sqlQuerier, id int64) (*rewards.Sale, error) {
	var s rewards.Sale
	var txh, buyer, token, paid, toC, toO, listing, sale, lh string
	var logIndex, block, created int64
	err := q.QueryRowContext(ctx, `SELECT s.id, s.price_id, r.name, s.tx_hash, s.log_index, s.buyer, s.token, s.paid, s.to_contributors, s.to_operator,
		s.block_number, s.battles, s.created_at, p.listing, p.sale, p.licence_hash
		FROM sales s JOIN releases r ON r.id = s.release_id JOIN release_prices p ON p.id = s.price_id WHERE s.id = ?`, id).Scan(
		&s.ID, &s.PriceID, &s.Release, &txh, &logIndex, &buyer, &token, &paid, &toC, &toO, &block, &s.Battles, &created, &listing, &sale, &lh)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No sale %d is recorded.", id)
	} else if err != nil {
		return nil, err
	}
	pu := &s.Purchase
	pu.TxHash, pu.LogIndex, pu.Block, pu.Buyer, pu.Token = common.HexToHash(txh), uint(logIndex), uint64(block), common.HexToAddress(buyer), common.HexToAddress(token)
	pu.Listing, pu.Contract, pu.LicenceHash = common.HexToHash(listing), common.HexToAddress(sale), common.HexToHash(lh)
	s.CreatedAt = fromMS(created)
	for _, f := range []struct {
		dst **big.Int
		src string
	}{{&pu.Price, paid}, {&pu.ToContributors, toC}, {&pu.ToOperator, toO}} {
		if *f.dst, err = bigText(f.src); err != nil {
			return nil, err
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT id, user_id, battles, units FROM sale_shares WHERE sale_id = ? ORDER BY user_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sh rewards.SaleShare
		var units string
		if err := rows.Scan(&sh.ID, &sh.UserID, &sh.Battles, &units); err != nil {
			return nil, err
		}
		if sh.Units, err = bigText(units); err != nil {
			return nil, err
		}
		s.Shares = append(s.Shares, sh)
	}
	return &s, rows.Err()
}

// SalesTotals adds up every release's sales by release and token. The amounts are
// added in Go: they are decimal text, past what SQL integers hold.
func (db *DB) SalesTotals(ctx context.Context) (_ []rewards.ReleaseSales, err error) {
	defer wrap(&err, "SalesTotals")
	rows, err := db.read.QueryContext(ctx, `SELECT r.name, s.token, s.paid, s.to_contributors, s.to_operator,
		COALESCE((SELECT STRING_AGG(sh.user_id || ':' || sh.units, ',') FROM sale_shares sh WHERE sh.sale_id = s.id), '')
		FROM sales s JOIN releases r ON r.id = s.release_id ORDER BY r.name, s.token, s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.ReleaseSales
	var users map[int64]bool
	for rows.Next() {
		var name, token, paid, toC, toO, shares string
		if err := rows.Scan(&name, &token, &paid, &toC, &toO, &shares); err != nil {
			return nil, err
		}
		tok := common.HexToAddress(token)
		if n := len(out); n == 0 || out[n-1].Release != name || out[n-1].Token != tok {
			out = append(out, rewards.ReleaseSales{Release: name, Token: tok, Proceeds: new(big.Int), ToContributors: new(big.Int),
				ToOperator: new(big.Int), Allocated: new(big.Int)})
			users = map[int64]bool{}
		}
		t := &out[len(out)-1]
		t.Sales++
		for _, f := range []struct {
			dst *big.Int
			src string
		}{{t.Proceeds, paid}, {t.ToContributors, toC}, {t.ToOperator, toO}} {
			v, err := bigText(f.src)
			if err != nil {
				return nil, err
			}
			f.dst.Add(f.dst, v)
		}
		if shares == "" {
			continue
		}
		for _, part := range splitComma(shares) {
			var u int64
			var units string
			if _, err := fmt.Sscanf(part, "%d:%s", &u, &units); err != nil {
				return nil, fmt.Errorf("unreadable share %q", part)
			}
			v, err := bigText(units)
			if err != nil {
				return nil, err
			}
			t.Allocated.Add(t.Allocated, v)
			if !users[u] {
				users[u] = true
				t.Contributors++
			}
		}
	}
	return out, rows.Err()
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// MySaleShares returns userID's shares of sales, newest first, each marked settled once
// the latest confirmed epoch includes it.
func (db *DB) MySaleShares(ctx context.Context, userID int64) (_ []rewards.MySaleShare, err error) {
	defer wrap(&err, "MySaleShares")
	// A share is settled once a confirmed epoch of a distributor paying in its sale's
	// token has it within its sale cutoff.
	rows, err := db.read.QueryContext(ctx, `SELECT sh.id, sh.user_id, sh.battles, sh.units, s.id, r.name, s.token, s.paid, s.to_contributors, s.battles, s.created_at,
		sh.id <= COALESCE((SELECT MAX(e.sale_cutoff) FROM epochs e JOIN deployments d ON d.distributor = e.distributor
			WHERE e.state = 'confirmed' AND d.token = s.token), 0)
		FROM sale_shares sh JOIN sales s ON s.id = sh.sale_id JOIN releases r ON r.id = s.release_id
		WHERE sh.user_id = ? ORDER BY sh.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.MySaleShare
	for rows.Next() {
		var m rewards.MySaleShare
		var units, token, paid, toC string
		var at int64
		if err := rows.Scan(&m.ID, &m.UserID, &m.Battles, &units, &m.SaleID, &m.Release, &token, &paid, &toC, &m.SaleBattles, &at, &m.Settled); err != nil {
			return nil, err
		}
		m.Token, m.At = common.HexToAddress(token), fromMS(at)
		for _, f := range []struct {
			dst **big.Int
			src string
		}{{&m.Units, units}, {&m.Paid, paid}, {&m.ToContributors, toC}} {
			if *f.dst, err = bigText(f.src); err != nil {
				return nil, err
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// saleSharesUpTo sums each user's sale shares up to the newest share, which it returns
// as the cutoff: the sale ledger's line of an epoch's cumulative amounts. Only sales
// paid in the distributor's own token count: the distributor mints that token, and
// shares of a sale in another token are not its to pay.
func saleSharesUpTo(ctx context.Context, tx *sql.Tx, distributor common.Address) (map[int64]*big.Int, int64, error) {
	var cutoff int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM sale_shares`).Scan(&cutoff); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT sh.user_id, sh.units FROM sale_shares sh JOIN sales s ON s.id = sh.sale_id
		WHERE sh.id <= ? AND s.token IN (SELECT token FROM deployments WHERE distributor = ?)`, cutoff, distributor.Hex())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := map[int64]*big.Int{}
	for rows.Next() {
		var u int64
		var units string
		if err := rows.Scan(&u, &units); err != nil {
			return nil, 0, err
		}
		v, err := bigText(units)
		if err != nil {
			return nil, 0, err
		}
		if out[u] == nil {
			out[u] = new(big.Int)
		}
		out[u].Add(out[u], v)
	}
	return out, cutoff, rows.Err()
}
