package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// An epoch's entries are stored once, as chunks of leafChunk entries sorted by address.
// A row per wallet would cost a row header, a key and an index entry each (well over
// 100 bytes on PostgreSQL); a chunk costs that once per thousand wallets, and one wallet
// is found by reading the single chunk whose range holds its address.
//
// A chunk's data is a version byte (leafFormat) and then, for each entry: the 20-byte
// address, the cumulative amount as a uvarint length and that many big-endian bytes, the
// user id as a uvarint and the points as a signed varint. About 33 bytes an entry.
const (
	leafChunk  = 1024
	leafFormat = 1
)

func chunkKey(a common.Address) string { return strings.ToLower(a.Hex()) }

func encodeLeaves(entries []rewards.EpochEntry) []byte {
	buf := make([]byte, 0, 1+len(entries)*36)
	buf = append(buf, leafFormat)
	for _, e := range entries {
		buf = append(buf, e.Account[:]...)
		amount := e.Cumulative.Bytes()
		buf = binary.AppendUvarint(buf, uint64(len(amount)))
		buf = append(buf, amount...)
		buf = binary.AppendUvarint(buf, uint64(e.UserID))
		buf = binary.AppendVarint(buf, e.Points)
	}
	return buf
}

var errBadChunk = errors.New("an epoch's stored leaves are unreadable")

// decodeLeaves appends the entries of one chunk to out.
func decodeLeaves(data []byte, out []rewards.EpochEntry) ([]rewards.EpochEntry, error) {
	if len(data) == 0 || data[0] != leafFormat {
		return nil, errBadChunk
	}
	p := data[1:]
	for len(p) > 0 {
		if len(p) < common.AddressLength {
			return nil, errBadChunk
		}
		var e rewards.EpochEntry
		e.Account = common.BytesToAddress(p[:common.AddressLength])
		p = p[common.AddressLength:]
		n, k := binary.Uvarint(p)
		if k <= 0 || uint64(len(p)-k) < n || n > 32 {
			return nil, errBadChunk
		}
		e.Cumulative = new(big.Int).SetBytes(p[k : k+int(n)])
		p = p[k+int(n):]
		user, k := binary.Uvarint(p)
		if k <= 0 {
			return nil, errBadChunk
		}
		p = p[k:]
		points, k := binary.Varint(p)
		if k <= 0 {
			return nil, errBadChunk
		}
		p = p[k:]
		e.UserID, e.Points = int64(user), points
		out = append(out, e)
	}
	return out, nil
}

// storeLeaves writes entries (sorted here by address) as the epoch's chunks.
func storeLeaves(ctx context.Context, tx *sql.Tx, epochID int64, entries []rewards.EpochEntry) error {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b rewards.EpochEntry) int { return bytes.Compare(a.Account[:], b.Account[:]) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Account == sorted[i-1].Account {
			return arena.Errorf(arena.EINVALID, "Wallet %s appears twice in the epoch.", sorted[i].Account.Hex())
		}
	}
	for start := 0; start < len(sorted); start += leafChunk {
		chunk := sorted[start:min(start+leafChunk, len(sorted))]
		if _, err := tx.ExecContext(ctx, `INSERT INTO epoch_leaves (epoch_id, first_address, entries, data) VALUES (?, ?, ?, ?)`,
			epochID, chunkKey(chunk[0].Account), len(chunk), encodeLeaves(chunk)); err != nil {
			return err
		}
	}
	return nil
}

// loadLeaves reads every entry of an epoch, by address: from its chunks, or, for an epoch
// settled before leaves were chunked, from its rows in epoch_entries.
func loadLeaves(ctx context.Context, q sqlQuerier, epochID int64) ([]rewards.EpochEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT data FROM epoch_leaves WHERE epoch_id = ? ORDER BY first_address`, epochID)
	if err != nil {
		return nil, err
	}
	var out []rewards.EpochEntry
	chunks := 0
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			rows.Close()
			return nil, err
		}
		if out, err = decodeLeaves(data, out); err != nil {
			rows.Close()
			return nil, fmt.Errorf("epoch %d: %w", epochID, err)
		}
		chunks++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if chunks > 0 {
		return out, nil
	}
	return legacyEntries(ctx, q, epochID, "")
}

// loadLeaf reads one wallet's entry of an epoch; ENOTFOUND when the epoch does not hold it.
func loadLeaf(ctx context.Context, q sqlQuerier, epochID int64, account common.Address) (*rewards.EpochEntry, error) {
	notFound := arena.Errorf(arena.ENOTFOUND, "Nothing has been settled to %s in this epoch.", account.Hex())
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT data FROM epoch_leaves WHERE epoch_id = ? AND first_address <= ?
		ORDER BY first_address DESC LIMIT 1`, epochID, chunkKey(account)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		var any int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM epoch_leaves WHERE epoch_id = ?`, epochID).Scan(&any); err != nil {
			return nil, err
		}
		if any > 0 {
			return nil, notFound
		}
		legacy, err := legacyEntries(ctx, q, epochID, account.Hex())
		if err != nil {
			return nil, err
		}
		if len(legacy) == 0 {
			return nil, notFound
		}
		return &legacy[0], nil
	} else if err != nil {
		return nil, err
	}
	entries, err := decodeLeaves(data, nil)
	if err != nil {
		return nil, fmt.Errorf("epoch %d: %w", epochID, err)
	}
	i, found := slices.BinarySearchFunc(entries, account, func(e rewards.EpochEntry, a common.Address) int { return bytes.Compare(e.Account[:], a[:]) })
	if !found {
		return nil, notFound
	}
	return &entries[i], nil
}

// legacyEntries reads an epoch's rows of epoch_entries (all, or only address's).
func legacyEntries(ctx context.Context, q sqlQuerier, epochID int64, address string) ([]rewards.EpochEntry, error) {
	query, args := `SELECT user_id, address, points, cumulative FROM epoch_entries WHERE epoch_id = ? ORDER BY address`, []any{epochID}
	if address != "" {
		query, args = `SELECT user_id, address, points, cumulative FROM epoch_entries WHERE epoch_id = ? AND address = ?`, []any{epochID, address}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.EpochEntry
	for rows.Next() {
		var e rewards.EpochEntry
		var addr, cum string
		if err := rows.Scan(&e.UserID, &addr, &e.Points, &cum); err != nil {
			return nil, err
		}
		e.Account = common.HexToAddress(addr)
		var ok bool
		if e.Cumulative, ok = new(big.Int).SetString(cum, 10); !ok {
			return nil, errors.New("epoch entry with an unreadable amount " + cum)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Hex addresses sort by their EIP-55 spelling there; the chunks' order is by bytes.
	slices.SortFunc(out, func(a, b rewards.EpochEntry) int { return bytes.Compare(a.Account[:], b.Account[:]) })
	return out, nil
}
