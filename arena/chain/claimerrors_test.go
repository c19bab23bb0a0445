package chain_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// TestClaimErrorsMatchTheABI checks the wallet page's table of claim errors against the
// compiled contracts: every error the distributor defines is explained, and every
// entry's selector is the one the ABI gives its name, in the distributor or the token
// whose mint the claim calls.
func TestClaimErrorsMatchTheABI(t *testing.T) {
	dist, token := bindings.NewRewardsDistributor().GetABI(), bindings.NewArenaToken().GetABI()
	table := map[string]rewards.ClaimError{}
	for _, e := range rewards.ClaimErrors {
		if _, dup := table[e.Name]; dup {
			t.Errorf("%s is in the table twice", e.Name)
		}
		table[e.Name] = e
		abiErr, ok := dist.Errors[e.Name]
		if !ok {
			abiErr, ok = token.Errors[e.Name]
		}
		if !ok {
			t.Errorf("%s is explained, but neither RewardsDistributor nor ArenaToken defines it", e.Name)
			continue
		}
		if want := hexutil.Encode(abiErr.ID[:4]); e.Selector != want {
			t.Errorf("%s: selector %s in the table, %s by the ABI (%s)", e.Name, e.Selector, want, abiErr.Sig)
		}
		if e.Explain == "" {
			t.Errorf("%s has no explanation", e.Name)
		}
	}
	for name := range dist.Errors {
		if _, ok := table[name]; !ok {
			t.Errorf("RewardsDistributor defines %s, but the wallet page cannot explain it", name)
		}
	}
	if table["StaleRoot"].Selector != "0xfdbe8a37" {
		t.Errorf("StaleRoot's selector: %s", table["StaleRoot"].Selector)
	}
}
