package chain

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// LoadTestContract reads the ABI and creation code of testdata/<name>, compiled by
// build-contracts.mjs.
func LoadTestContract(t *testing.T, name string) (abi.ABI, []byte) {
	t.Helper()
	js, err := os.ReadFile("testdata/" + name + ".abi")
	if err != nil {
		t.Fatal(err)
	}
	a, err := abi.JSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile("testdata/" + name + ".bin")
	if err != nil {
		t.Fatal(err)
	}
	return a, common.FromHex(strings.TrimSpace(string(bin)))
}
