// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// RewardsDistributorMetaData contains all meta data concerning the RewardsDistributor contract.
var RewardsDistributorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIMintableToken\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"currentEpoch\",\"type\":\"uint256\"}],\"name\":\"EpochNotIncreasing\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"alreadyClaimed\",\"type\":\"uint256\"}],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"expectedRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"currentRoot\",\"type\":\"bytes32\"}],\"name\":\"StaleRoot\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroRoot\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"RootPublished\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ROOT_PUBLISHER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"expectedRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"claimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"currentEpoch\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"merkleRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"publishRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIMintableToken\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "RewardsDistributor",
	Bin: "0x60a060405234801561000f575f5ffd5b50604051610b06380380610b0683398101604081905261002e91610148565b6001600160a01b038216158061004b57506001600160a01b038116155b156100695760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0382166080526100805f82610088565b505050610180565b5f828152602081815260408083206001600160a01b038516845290915281205460ff16610128575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556100e03390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161012b565b505f5b92915050565b6001600160a01b0381168114610145575f5ffd5b50565b5f5f60408385031215610159575f5ffd5b825161016481610131565b602084015190925061017581610131565b809150509250929050565b60805161096761019f5f395f8181610219015261041c01526109675ff3fe608060405234801561000f575f5ffd5b50600436106100e5575f3560e01c80637667180811610088578063c884ef8311610063578063c884ef83146101cf578063d547741f146101ee578063d5d7126414610201578063fc0c546a14610214575f5ffd5b806376671808146101ac57806391d14854146101b5578063a217fddf146101c8575f5ffd5b80632eb4a7ab116100c35780632eb4a7ab146101565780632f2ff15d1461015f57806336568abe1461017257806365b1e52914610185575f5ffd5b806301ffc9a7146100e95780631d7d4ebc14610111578063248a9ca314610126575b5f5ffd5b6100fc6100f73660046107b1565b610253565b60405190151581526020015b60405180910390f35b61012461011f3660046107f3565b610289565b005b610148610134366004610884565b5f9081526020819052604090206001015490565b604051908152602001610108565b61014860015481565b61012461016d36600461089b565b61047e565b61012461018036600461089b565b6104a8565b6101487fac0e13db5ca15634c325fabc1c2d49a386099c446c1fcef0b7039dd3900b277281565b61014860025481565b6100fc6101c336600461089b565b6104e0565b6101485f81565b6101486101dd3660046108c5565b60036020525f908152604090205481565b6101246101fc36600461089b565b610508565b61012461020f3660046108de565b61052c565b61023b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610108565b5f6001600160e01b03198216637965db0b60e01b148061028357506301ffc9a760e01b6001600160e01b03198316145b92915050565b6001548015806102995750808414155b156102c65760405163fdbe8a3760e01b815260048101859052602481018290526044015b60405180910390fd5b604080516001600160a01b03881660208201529081018690525f9060600160408051601f1981840301815282825280516020918201209083015201604051602081830303815290604052805190602001209050610325848484846105e8565b610342576040516309bde33960e01b815260040160405180910390fd5b6001600160a01b0387165f908152600360205260409020548087116103925760405162cfa2bb60e41b81526001600160a01b038916600482015260248101889052604481018290526064016102bd565b5f61039d82896108fe565b6001600160a01b038a165f818152600360209081526040918290208c905581518481529081018c905292935090917f987d620f307ff6b94d58743cb7a7509f24071586a77759b77c2d4e29f75a2f9a910160405180910390a26040516340c10f1960e01b81526001600160a01b038a81166004830152602482018390527f000000000000000000000000000000000000000000000000000000000000000016906340c10f19906044015f604051808303815f87803b15801561045d575f5ffd5b505af115801561046f573d5f5f3e3d5ffd5b50505050505050505050505050565b5f82815260208190526040902060010154610498816105ff565b6104a2838361060c565b50505050565b6001600160a01b03811633146104d15760405163334bd91960e11b815260040160405180910390fd5b6104db828261069b565b505050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b5f82815260208190526040902060010154610522816105ff565b6104a2838361069b565b7fac0e13db5ca15634c325fabc1c2d49a386099c446c1fcef0b7039dd3900b2772610556816105ff565b600254831161058657600254604051634586c90560e11b81526102bd918591600401918252602082015260400190565b816105a45760405163b263ae7360e01b815260040160405180910390fd5b6002839055600182905560405182815283907fa25fe12576058a3b3f80993f3986677889e0807976947b99ff9a4f1e2f68122e9060200160405180910390a2505050565b5f826105f5868685610704565b1495945050505050565b6106098133610745565b50565b5f61061783836104e0565b610694575f838152602081815260408083206001600160a01b03861684529091529020805460ff1916600117905561064c3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610283565b505f610283565b5f6106a683836104e0565b15610694575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a4506001610283565b5f81815b8481101561073c57610732828787848181106107265761072661091d565b90506020020135610782565b9150600101610708565b50949350505050565b61074f82826104e0565b61077e5760405163e2517d3f60e01b81526001600160a01b0382166004820152602481018390526044016102bd565b5050565b5f81831061079c575f8281526020849052604090206107aa565b5f8381526020839052604090205b9392505050565b5f602082840312156107c1575f5ffd5b81356001600160e01b0319811681146107aa575f5ffd5b80356001600160a01b03811681146107ee575f5ffd5b919050565b5f5f5f5f5f60808688031215610807575f5ffd5b610810866107d8565b94506020860135935060408601359250606086013567ffffffffffffffff811115610839575f5ffd5b8601601f81018813610849575f5ffd5b803567ffffffffffffffff81111561085f575f5ffd5b8860208260051b8401011115610873575f5ffd5b959894975092955050506020019190565b5f60208284031215610894575f5ffd5b5035919050565b5f5f604083850312156108ac575f5ffd5b823591506108bc602084016107d8565b90509250929050565b5f602082840312156108d5575f5ffd5b6107aa826107d8565b5f5f604083850312156108ef575f5ffd5b50508035926020909101359150565b8181038181111561028357634e487b7160e01b5f52601160045260245ffd5b634e487b7160e01b5f52603260045260245ffdfea2646970667358221220971c9315f0996749097c361c6fce756e93fb000fc75f55ad690cee81db4c7ad064736f6c634300081e0033",
}

// RewardsDistributor is an auto generated Go binding around an Ethereum contract.
type RewardsDistributor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *RewardsDistributor) GetABI() abi.ABI {
	return c.abi
}

// NewRewardsDistributor creates a new instance of RewardsDistributor.
func NewRewardsDistributor() *RewardsDistributor {
	parsed, err := RewardsDistributorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &RewardsDistributor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *RewardsDistributor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, address admin) returns()
func (rewardsDistributor *RewardsDistributor) PackConstructor(token_ common.Address, admin common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("", token_, admin)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) PackDEFAULTADMINROLE() []byte {
	enc, err := rewardsDistributor.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return rewardsDistributor.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := rewardsDistributor.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackROOTPUBLISHERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x65b1e529.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ROOT_PUBLISHER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) PackROOTPUBLISHERROLE() []byte {
	enc, err := rewardsDistributor.abi.Pack("ROOT_PUBLISHER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackROOTPUBLISHERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x65b1e529.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ROOT_PUBLISHER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) TryPackROOTPUBLISHERROLE() ([]byte, error) {
	return rewardsDistributor.abi.Pack("ROOT_PUBLISHER_ROLE")
}

// UnpackROOTPUBLISHERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x65b1e529.
//
// Solidity: function ROOT_PUBLISHER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) UnpackROOTPUBLISHERROLE(data []byte) ([32]byte, error) {
	out, err := rewardsDistributor.abi.Unpack("ROOT_PUBLISHER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d7d4ebc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(address account, uint256 cumulativeAmount, bytes32 expectedRoot, bytes32[] proof) returns()
func (rewardsDistributor *RewardsDistributor) PackClaim(account common.Address, cumulativeAmount *big.Int, expectedRoot [32]byte, proof [][32]byte) []byte {
	enc, err := rewardsDistributor.abi.Pack("claim", account, cumulativeAmount, expectedRoot, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d7d4ebc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(address account, uint256 cumulativeAmount, bytes32 expectedRoot, bytes32[] proof) returns()
func (rewardsDistributor *RewardsDistributor) TryPackClaim(account common.Address, cumulativeAmount *big.Int, expectedRoot [32]byte, proof [][32]byte) ([]byte, error) {
	return rewardsDistributor.abi.Pack("claim", account, cumulativeAmount, expectedRoot, proof)
}

// PackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimed(address account) view returns(uint256)
func (rewardsDistributor *RewardsDistributor) PackClaimed(account common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("claimed", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimed(address account) view returns(uint256)
func (rewardsDistributor *RewardsDistributor) TryPackClaimed(account common.Address) ([]byte, error) {
	return rewardsDistributor.abi.Pack("claimed", account)
}

// UnpackClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc884ef83.
//
// Solidity: function claimed(address account) view returns(uint256)
func (rewardsDistributor *RewardsDistributor) UnpackClaimed(data []byte) (*big.Int, error) {
	out, err := rewardsDistributor.abi.Unpack("claimed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCurrentEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x76671808.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function currentEpoch() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) PackCurrentEpoch() []byte {
	enc, err := rewardsDistributor.abi.Pack("currentEpoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCurrentEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x76671808.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function currentEpoch() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) TryPackCurrentEpoch() ([]byte, error) {
	return rewardsDistributor.abi.Pack("currentEpoch")
}

// UnpackCurrentEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x76671808.
//
// Solidity: function currentEpoch() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) UnpackCurrentEpoch(data []byte) (*big.Int, error) {
	out, err := rewardsDistributor.abi.Unpack("currentEpoch", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := rewardsDistributor.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return rewardsDistributor.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := rewardsDistributor.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (rewardsDistributor *RewardsDistributor) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (rewardsDistributor *RewardsDistributor) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return rewardsDistributor.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (rewardsDistributor *RewardsDistributor) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (rewardsDistributor *RewardsDistributor) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return rewardsDistributor.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (rewardsDistributor *RewardsDistributor) UnpackHasRole(data []byte) (bool, error) {
	out, err := rewardsDistributor.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) PackMerkleRoot() []byte {
	enc, err := rewardsDistributor.abi.Pack("merkleRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) TryPackMerkleRoot() ([]byte, error) {
	return rewardsDistributor.abi.Pack("merkleRoot")
}

// UnpackMerkleRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2eb4a7ab.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) UnpackMerkleRoot(data []byte) ([32]byte, error) {
	out, err := rewardsDistributor.abi.Unpack("merkleRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPublishRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5d71264.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publishRoot(uint256 epoch, bytes32 root) returns()
func (rewardsDistributor *RewardsDistributor) PackPublishRoot(epoch *big.Int, root [32]byte) []byte {
	enc, err := rewardsDistributor.abi.Pack("publishRoot", epoch, root)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublishRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5d71264.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publishRoot(uint256 epoch, bytes32 root) returns()
func (rewardsDistributor *RewardsDistributor) TryPackPublishRoot(epoch *big.Int, root [32]byte) ([]byte, error) {
	return rewardsDistributor.abi.Pack("publishRoot", epoch, root)
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (rewardsDistributor *RewardsDistributor) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (rewardsDistributor *RewardsDistributor) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return rewardsDistributor.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (rewardsDistributor *RewardsDistributor) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := rewardsDistributor.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (rewardsDistributor *RewardsDistributor) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return rewardsDistributor.abi.Pack("revokeRole", role, account)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (rewardsDistributor *RewardsDistributor) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := rewardsDistributor.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (rewardsDistributor *RewardsDistributor) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return rewardsDistributor.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (rewardsDistributor *RewardsDistributor) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := rewardsDistributor.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (rewardsDistributor *RewardsDistributor) PackToken() []byte {
	enc, err := rewardsDistributor.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (rewardsDistributor *RewardsDistributor) TryPackToken() ([]byte, error) {
	return rewardsDistributor.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (rewardsDistributor *RewardsDistributor) UnpackToken(data []byte) (common.Address, error) {
	out, err := rewardsDistributor.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// RewardsDistributorClaimed represents a Claimed event raised by the RewardsDistributor contract.
type RewardsDistributorClaimed struct {
	Account          common.Address
	Amount           *big.Int
	CumulativeAmount *big.Int
	Raw              *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorClaimed) ContractEventName() string {
	return RewardsDistributorClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount)
func (rewardsDistributor *RewardsDistributor) UnpackClaimedEvent(log *types.Log) (*RewardsDistributorClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorClaimed)
	if len(log.Data) > 0 {
		if err := rewardsDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rewardsDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RewardsDistributorRoleAdminChanged represents a RoleAdminChanged event raised by the RewardsDistributor contract.
type RewardsDistributorRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorRoleAdminChanged) ContractEventName() string {
	return RewardsDistributorRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (rewardsDistributor *RewardsDistributor) UnpackRoleAdminChangedEvent(log *types.Log) (*RewardsDistributorRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := rewardsDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rewardsDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RewardsDistributorRoleGranted represents a RoleGranted event raised by the RewardsDistributor contract.
type RewardsDistributorRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorRoleGranted) ContractEventName() string {
	return RewardsDistributorRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (rewardsDistributor *RewardsDistributor) UnpackRoleGrantedEvent(log *types.Log) (*RewardsDistributorRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorRoleGranted)
	if len(log.Data) > 0 {
		if err := rewardsDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rewardsDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RewardsDistributorRoleRevoked represents a RoleRevoked event raised by the RewardsDistributor contract.
type RewardsDistributorRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorRoleRevoked) ContractEventName() string {
	return RewardsDistributorRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (rewardsDistributor *RewardsDistributor) UnpackRoleRevokedEvent(log *types.Log) (*RewardsDistributorRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorRoleRevoked)
	if len(log.Data) > 0 {
		if err := rewardsDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rewardsDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RewardsDistributorRootPublished represents a RootPublished event raised by the RewardsDistributor contract.
type RewardsDistributorRootPublished struct {
	Epoch *big.Int
	Root  [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorRootPublishedEventName = "RootPublished"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorRootPublished) ContractEventName() string {
	return RewardsDistributorRootPublishedEventName
}

// UnpackRootPublishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootPublished(uint256 indexed epoch, bytes32 root)
func (rewardsDistributor *RewardsDistributor) UnpackRootPublishedEvent(log *types.Log) (*RewardsDistributorRootPublished, error) {
	event := "RootPublished"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorRootPublished)
	if len(log.Data) > 0 {
		if err := rewardsDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rewardsDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (rewardsDistributor *RewardsDistributor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["EpochNotIncreasing"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackEpochNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["StaleRoot"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackStaleRootError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["ZeroRoot"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackZeroRootError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RewardsDistributorAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the RewardsDistributor contract.
type RewardsDistributorAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func RewardsDistributorAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (rewardsDistributor *RewardsDistributor) UnpackAccessControlBadConfirmationError(raw []byte) (*RewardsDistributorAccessControlBadConfirmation, error) {
	out := new(RewardsDistributorAccessControlBadConfirmation)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the RewardsDistributor contract.
type RewardsDistributorAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func RewardsDistributorAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (rewardsDistributor *RewardsDistributor) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*RewardsDistributorAccessControlUnauthorizedAccount, error) {
	out := new(RewardsDistributorAccessControlUnauthorizedAccount)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorEpochNotIncreasing represents a EpochNotIncreasing error raised by the RewardsDistributor contract.
type RewardsDistributorEpochNotIncreasing struct {
	Epoch        *big.Int
	CurrentEpoch *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochNotIncreasing(uint256 epoch, uint256 currentEpoch)
func RewardsDistributorEpochNotIncreasingErrorID() common.Hash {
	return common.HexToHash("0x8b0d920a04ff54ba04675c6ca2caf7426cd6ded75112c21ac1d5ffcbe78ba567")
}

// UnpackEpochNotIncreasingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochNotIncreasing(uint256 epoch, uint256 currentEpoch)
func (rewardsDistributor *RewardsDistributor) UnpackEpochNotIncreasingError(raw []byte) (*RewardsDistributorEpochNotIncreasing, error) {
	out := new(RewardsDistributorEpochNotIncreasing)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "EpochNotIncreasing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorInvalidProof represents a InvalidProof error raised by the RewardsDistributor contract.
type RewardsDistributorInvalidProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof()
func RewardsDistributorInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x09bde339c6b182be216ee7ef8ccff6338c6ef7993445216112ae575c5438fd27")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof()
func (rewardsDistributor *RewardsDistributor) UnpackInvalidProofError(raw []byte) (*RewardsDistributorInvalidProof, error) {
	out := new(RewardsDistributorInvalidProof)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorNothingToClaim represents a NothingToClaim error raised by the RewardsDistributor contract.
type RewardsDistributorNothingToClaim struct {
	Account          common.Address
	CumulativeAmount *big.Int
	AlreadyClaimed   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed)
func RewardsDistributorNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x0cfa2bb0dc3b47d2750aa431facc5bc8b4ab7fbb6161baf666f5a587f1736799")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed)
func (rewardsDistributor *RewardsDistributor) UnpackNothingToClaimError(raw []byte) (*RewardsDistributorNothingToClaim, error) {
	out := new(RewardsDistributorNothingToClaim)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorStaleRoot represents a StaleRoot error raised by the RewardsDistributor contract.
type RewardsDistributorStaleRoot struct {
	ExpectedRoot [32]byte
	CurrentRoot  [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StaleRoot(bytes32 expectedRoot, bytes32 currentRoot)
func RewardsDistributorStaleRootErrorID() common.Hash {
	return common.HexToHash("0xfdbe8a37e5b2a6741d30c3153934a589d891b85b9ebb4a36308cc4be3fb3fdfc")
}

// UnpackStaleRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StaleRoot(bytes32 expectedRoot, bytes32 currentRoot)
func (rewardsDistributor *RewardsDistributor) UnpackStaleRootError(raw []byte) (*RewardsDistributorStaleRoot, error) {
	out := new(RewardsDistributorStaleRoot)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "StaleRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorZeroAddress represents a ZeroAddress error raised by the RewardsDistributor contract.
type RewardsDistributorZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func RewardsDistributorZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (rewardsDistributor *RewardsDistributor) UnpackZeroAddressError(raw []byte) (*RewardsDistributorZeroAddress, error) {
	out := new(RewardsDistributorZeroAddress)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorZeroRoot represents a ZeroRoot error raised by the RewardsDistributor contract.
type RewardsDistributorZeroRoot struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroRoot()
func RewardsDistributorZeroRootErrorID() common.Hash {
	return common.HexToHash("0xb263ae738e814ca9af6ee56bb85daa47624e790421913c947dcba2aac07cfdbd")
}

// UnpackZeroRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroRoot()
func (rewardsDistributor *RewardsDistributor) UnpackZeroRootError(raw []byte) (*RewardsDistributorZeroRoot, error) {
	out := new(RewardsDistributorZeroRoot)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "ZeroRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}
