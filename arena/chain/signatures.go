package chain

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena/rewards"
)

// eip1271Magic is what isValidSignature(bytes32,bytes) returns for a valid signature,
// and its selector.
var eip1271Magic = []byte{0x16, 0x26, 0xba, 0x7e}

// signatureCheckBin is the creation code of sigcheck/SignatureCheck.sol (make
// chain-contracts rebuilds it).
//
//go:embed sigcheck/SignatureCheck.bin
var signatureCheckBin string

var (
	abiAddress, _ = abi.NewType("address", "", nil)
	abiBytes32, _ = abi.NewType("bytes32", "", nil)
	abiBytes, _   = abi.NewType("bytes", "", nil)
	// erc6492Wrapper is the ABI encoding of an ERC-6492 signature before its suffix.
	erc6492Wrapper = abi.Arguments{{Type: abiAddress}, {Type: abiBytes}, {Type: abiBytes}}
	isValidArgs    = abi.Arguments{{Type: abiBytes32}, {Type: abiBytes}}
	checkArgs      = abi.Arguments{{Type: abiAddress}, {Type: abiBytes32}, {Type: abiAddress}, {Type: abiBytes}, {Type: abiBytes}}
)

// Signatures checks contract wallets' signatures through a node, for linking them.
//
// A deployed contract is asked with eth_call to isValidSignature (EIP-1271). A smart
// account not deployed yet signs ERC-6492-wrapped: abi.encode(factory, factoryCalldata,
// signature) and the magic suffix. It is checked in one eth_call without a recipient
// whose data is the creation code of SignatureCheck with the account, hash, factory,
// calldata and inner signature as constructor arguments: the constructor calls the
// factory (deploying the account within the call only) and then asks the account, as
// ERC-6492's off-chain validator does. Nothing is sent, so nothing is paid or changed.
type Signatures struct {
	Backend bind.ContractCaller
}

var _ rewards.ContractSignatures = Signatures{}

// CheckSignature asks signer whether it accepts sig for hash; see
// rewards.ContractSignatures.
func (s Signatures) CheckSignature(ctx context.Context, signer common.Address, hash common.Hash, sig []byte) (rewards.SignatureCheck, error) {
	if inner, ok := bytes.CutSuffix(sig, rewards.ERC6492Suffix); ok {
		return s.checkCounterfactual(ctx, signer, hash, inner)
	}
	code, err := s.Backend.CodeAt(ctx, signer, nil)
	if err != nil {
		return 0, fmt.Errorf("reading the code of %s: %w", signer.Hex(), err)
	}
	if len(code) == 0 {
		return rewards.SignatureNoCode, nil
	}
	args, err := isValidArgs.Pack(hash, sig)
	if err != nil {
		return 0, err
	}
	out, err := s.Backend.CallContract(ctx, ethereum.CallMsg{To: &signer, Data: append(bytes.Clone(eip1271Magic), args...)}, nil)
	if err != nil {
		if isRevert(err) {
			return rewards.SignatureRefused, nil
		}
		return 0, fmt.Errorf("calling isValidSignature on %s: %w", signer.Hex(), err)
	}
	if len(out) >= 32 && bytes.Equal(out[:4], eip1271Magic) {
		return rewards.SignatureValid, nil
	}
	return rewards.SignatureRefused, nil
}

func (s Signatures) checkCounterfactual(ctx context.Context, signer common.Address, hash common.Hash, wrapped []byte) (rewards.SignatureCheck, error) {
	vals, err := erc6492Wrapper.Unpack(wrapped)
	if err != nil {
		// A malformed wrapper cannot deploy anything: the account refuses it.
		return rewards.SignatureRefused, nil
	}
	factory, calldata, inner := vals[0].(common.Address), vals[1].([]byte), vals[2].([]byte)
	args, err := checkArgs.Pack(signer, hash, factory, calldata, inner)
	if err != nil {
		return 0, err
	}
	data := append(common.FromHex(strings.TrimSpace(signatureCheckBin)), args...)
	out, err := s.Backend.CallContract(ctx, ethereum.CallMsg{Data: data}, nil)
	if err != nil {
		if isRevert(err) {
			return rewards.SignatureRefused, nil
		}
		return 0, fmt.Errorf("checking the ERC-6492 signature of %s: %w", signer.Hex(), err)
	}
	if len(out) != 32 {
		return 0, fmt.Errorf("the ERC-6492 check of %s answered %d bytes, not 32", signer.Hex(), len(out))
	}
	switch new(big.Int).SetBytes(out).Uint64() {
	case 1:
		return rewards.SignatureValid, nil
	case 0:
		return rewards.SignatureRefused, nil
	}
	return rewards.SignatureNoCode, nil
}

// isRevert tells a call the contract reverted from a node that did not answer.
func isRevert(err error) bool {
	var de interface{ ErrorData() any }
	return errors.As(err, &de) || strings.Contains(err.Error(), "execution reverted")
}
