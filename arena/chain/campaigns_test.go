package chain

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// TestEscrowCloseOnce: the arena reads a lab's deposit from the escrow, and closing pays
// the counted votes' bounties to the distributor and refunds the rest once: a close run
// again after a restart, or after a crash between the payout and the close, pays and
// refunds nothing twice, and the events add up to the deposit.
func TestEscrowCloseOnce(t *testing.T) {
	c := newCommerceChain(t)
	ctx := context.Background()
	e := &Escrow{Backend: c.backend, Auth: c.carol.auth, Address: c.escrow}
	idA := arena.NewEscrowID()
	if _, err := e.Deposit(ctx, idA); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("deposit before funding: %v, want ENOTFOUND", err)
	}
	if _, err := e.Deposit(ctx, "0x12"); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("a malformed id: %v, want EINVALID", err)
	}
	keyA, _ := CampaignKey(idA)
	c.fund(t, c.token, c.alice, c.escrow, units(30))
	deadline := c.deadline(t, time.Hour)
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(keyA, c.token, 10, units(2), deadline)))
	d, err := e.Deposit(ctx, idA)
	if err != nil {
		t.Fatal(err)
	}
	if d.Amount != units(20).String() || d.TargetVotes != 10 || d.BountyPerVote != units(2).String() || d.Depositor != c.alice.addr.Hex() ||
		d.Token != c.token.Hex() || d.Deadline.Unix() != int64(deadline) {
		t.Fatalf("deposit read %+v", d)
	}
	if _, _, err := e.Close(ctx, idA, 11); err == nil {
		t.Fatal("closing with more votes than the target was accepted")
	}
	refunded, tx, err := e.Close(ctx, idA, 4)
	if err != nil {
		t.Fatal(err)
	}
	if refunded != units(12).String() || tx == "" {
		t.Fatalf("close: refunded %s in %q, want 12 ARENA", refunded, tx)
	}
	// Run again, as after a restart: nothing is sent, the same refund is read back.
	again, tx2, err := e.Close(ctx, idA, 4)
	if err != nil || again != refunded || tx2 != tx {
		t.Fatalf("close again: %s %s %v, want %s %s", again, tx2, err, refunded, tx)
	}
	if got := c.balanceOf(t, c.token, c.alice.addr); got.Cmp(units(10+12)) != 0 {
		t.Fatalf("alice has %s, want her 10 unspent and the 12 refunded", got)
	}
	if got := c.balanceOf(t, c.token, c.distributor); got.Cmp(units(8)) != 0 {
		t.Fatalf("the distributor holds %s, want the 8 of bounties", got)
	}
	tot, err := e.Totals(ctx, idA)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Deposited.Cmp(units(20)) != 0 || tot.Paid.Cmp(units(8)) != 0 || tot.PaidVotes != 4 || tot.Payouts != 1 || tot.Refunded.Cmp(units(12)) != 0 ||
		!tot.Closed || tot.CloseTx != tx {
		t.Fatalf("totals %+v", tot)
	}

	// A crash after the final payout and before the close: the next run pays nothing
	// more and closes.
	idB := arena.NewEscrowID()
	keyB, _ := CampaignKey(idB)
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(keyB, c.token, 5, units(2), deadline)))
	if _, err := PayBounty(ctx, c.backend, c.carol.auth, c.escrow, keyB, finalPayout(keyB), 3); err != nil {
		t.Fatal(err)
	}
	if refunded, _, err := e.Close(ctx, idB, 3); err != nil || refunded != units(4).String() {
		t.Fatalf("close after a crash: %s %v, want 4 ARENA", refunded, err)
	}
	if tot, _ := e.Totals(ctx, idB); tot.PaidVotes != 3 || tot.Payouts != 1 || tot.Refunded.Cmp(units(4)) != 0 {
		t.Fatalf("totals after a crash %+v: paid twice?", tot)
	}
	// Another campaign's events are not this one's.
	if tot, _ := e.Totals(ctx, idA); tot.Paid.Cmp(units(8)) != 0 {
		t.Fatalf("campaign A's totals changed with B's: %+v", tot)
	}
}
