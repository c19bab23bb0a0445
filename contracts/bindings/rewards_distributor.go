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
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIMintableToken\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"publisher\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"pauser\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"epochCap_\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"minEpochInterval_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EnforcedPause\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"increase\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"epochCap\",\"type\":\"uint256\"}],\"name\":\"EpochCapExceeded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"currentEpoch\",\"type\":\"uint256\"}],\"name\":\"EpochNotIncreasing\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"nextAllowedAt\",\"type\":\"uint256\"}],\"name\":\"EpochTooSoon\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"totalClaimedAfter\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"}],\"name\":\"ExceedsDeclaredTotal\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ExpectedPause\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"alreadyClaimed\",\"type\":\"uint256\"}],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"expectedRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"currentRoot\",\"type\":\"bytes32\"}],\"name\":\"StaleRoot\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroRoot\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"epochCap\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"minEpochInterval\",\"type\":\"uint64\"}],\"name\":\"LimitsSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Paused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"}],\"name\":\"RootPublished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Unpaused\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"PAUSER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ROOT_PUBLISHER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"expectedRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"claimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"currentEpoch\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"epochCap\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastPublishedAt\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"limits\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"isPaused\",\"type\":\"bool\"},{\"internalType\":\"uint256\",\"name\":\"cap\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"interval\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"publishedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"declaredTotal\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"claimedTotal\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"merkleRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minEpochInterval\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"publishRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"epochCap_\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"minEpochInterval_\",\"type\":\"uint64\"}],\"name\":\"setLimits\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIMintableToken\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalClaimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalCumulative\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unpause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "RewardsDistributor",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161116438038061116483398101604081905261002e91610226565b6001600160a01b038616158061004b57506001600160a01b038516155b8061005d57506001600160a01b038416155b1561007b5760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0386166080526100925f86610166565b506100aa5f5160206111445f395f51905f5286610166565b506100d57fac0e13db5ca15634c325fabc1c2d49a386099c446c1fcef0b7039dd3900b277285610166565b506001600160a01b038316156100fe576100fc5f5160206111445f395f51905f5284610166565b505b6007829055600880546001600160401b0319166001600160401b0383169081179091556040805184815260208101929092527f6b4c62d3797505e440a0681270f01a37d12b894a88c18219f6fb808f7a76156c910160405180910390a15050505050506102aa565b5f828152602081815260408083206001600160a01b038516845290915281205460ff16610206575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556101be3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610209565b505f5b92915050565b6001600160a01b0381168114610223575f5ffd5b50565b5f5f5f5f5f5f60c0878903121561023b575f5ffd5b86516102468161020f565b60208801519096506102578161020f565b60408801519095506102688161020f565b60608801519094506102798161020f565b608088015160a089015191945092506001600160401b038116811461029c575f5ffd5b809150509295509295509295565b608051610e7b6102c95f395f81816103a101526107bf0152610e7b5ff3fe608060405234801561000f575f5ffd5b506004361061016d575f3560e01c806365b1e529116100d9578063b18d108e11610093578063d54ad2a11161006e578063d54ad2a114610363578063e63ab1e91461036c578063f68d5e7214610393578063fc0c546a1461039c575f5ffd5b8063b18d108e1461031e578063c884ef8314610331578063d547741f14610350575f5ffd5b806365b1e5291461028157806376671808146102a85780638456cb59146102b1578063860aefcf146102b957806391d1485414610304578063a217fddf14610317575f5ffd5b80632f2ff15d1161012a5780632f2ff15d1461022c57806336568abe1461023f578063389507cd146102525780633f4ba83a146102655780635c975abb1461026d5780636102506014610278575f5ffd5b806301ffc9a714610171578063065491a5146101995780631ab4731e146101cb5780631d7d4ebc146101e0578063248a9ca3146101f35780632eb4a7ab14610223575b5f5ffd5b61018461017f366004610c6a565b6103db565b60405190151581526020015b60405180910390f35b6008546101b390600160401b90046001600160401b031681565b6040516001600160401b039091168152602001610190565b6101de6101d9366004610c91565b610411565b005b6101de6101ee366004610cd5565b6105e5565b610215610201366004610d64565b5f9081526020819052604090206001015490565b604051908152602001610190565b61021560025481565b6101de61023a366004610d7b565b610822565b6101de61024d366004610d7b565b61084c565b6101de610260366004610da5565b610884565b6101de6108f1565b60015460ff16610184565b61021560075481565b6102157fac0e13db5ca15634c325fabc1c2d49a386099c446c1fcef0b7039dd3900b277281565b61021560035481565b6101de610906565b6102c1610938565b60408051971515885260208801969096526001600160401b0394851695870195909552929091166060850152608084015260a083015260c082015260e001610190565b610184610312366004610d7b565b610982565b6102155f81565b6008546101b3906001600160401b031681565b61021561033f366004610dde565b60046020525f908152604090205481565b6101de61035e366004610d7b565b6109aa565b61021560065481565b6102157f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a81565b61021560055481565b6103c37f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610190565b5f6001600160e01b03198216637965db0b60e01b148061040b57506301ffc9a760e01b6001600160e01b03198316145b92915050565b7fac0e13db5ca15634c325fabc1c2d49a386099c446c1fcef0b7039dd3900b277261043b816109ce565b6104436109d8565b600354841161047c57600354604051634586c90560e11b8152610473918691600401918252602082015260400190565b60405180910390fd5b8261049a5760405163b263ae7360e01b815260040160405180910390fd5b600854600160401b90046001600160401b0316158015906104d957506008546104d6906001600160401b0380821691600160401b900416610e0b565b42105b1561051a576008546104fe906001600160401b0380821691600160401b900416610e0b565b6040516311d945e760e11b815260040161047391815260200190565b600554808311801561053657506007546105348285610e1e565b115b1561056a576105458184610e1e565b6007546040516301b6b87f60e31b815260048101929092526024820152604401610473565b600385905560028490556005839055600880546fffffffffffffffff00000000000000001916600160401b426001600160401b031602179055604080518581526020810185905286917fc4adc49c6b7a1599e47ed40f650a2b605de153c5958e4d750ff166338828c535910160405180910390a25050505050565b6105ed6109d8565b6002548015806105fd5750808414155b156106255760405163fdbe8a3760e01b81526004810185905260248101829052604401610473565b604080516001600160a01b03881660208201529081018690525f9060600160408051601f1981840301815282825280516020918201209083015201604051602081830303815290604052805190602001209050610684848484846109fe565b6106a1576040516309bde33960e01b815260040160405180910390fd5b6001600160a01b0387165f908152600460205260409020548087116106f15760405162cfa2bb60e41b81526001600160a01b03891660048201526024810188905260448101829052606401610473565b5f6106fc8289610e1e565b90505f8160065461070d9190610e0b565b90506005548111156107405760055460405163113c7c8760e11b8152610473918391600401918252602082015260400190565b6001600160a01b038a165f818152600460209081526040918290208c9055600684905581518581529081018c90527f987d620f307ff6b94d58743cb7a7509f24071586a77759b77c2d4e29f75a2f9a910160405180910390a26040516340c10f1960e01b81526001600160a01b038b81166004830152602482018490527f000000000000000000000000000000000000000000000000000000000000000016906340c10f19906044015f604051808303815f87803b158015610800575f5ffd5b505af1158015610812573d5f5f3e3d5ffd5b5050505050505050505050505050565b5f8281526020819052604090206001015461083c816109ce565b6108468383610a15565b50505050565b6001600160a01b03811633146108755760405163334bd91960e11b815260040160405180910390fd5b61087f8282610aa4565b505050565b5f61088e816109ce565b60078390556008805467ffffffffffffffff19166001600160401b0384169081179091556040805185815260208101929092527f6b4c62d3797505e440a0681270f01a37d12b894a88c18219f6fb808f7a76156c910160405180910390a1505050565b5f6108fb816109ce565b610903610b0d565b50565b7f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a610930816109ce565b610903610b5f565b5f5f5f5f5f5f5f61094b60015460ff1690565b600754600854600554600654939b929a506001600160401b038083169a50600160401b909204909116975095509093504292509050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b5f828152602081905260409020600101546109c4816109ce565b6108468383610aa4565b6109038133610b9a565b60015460ff16156109fc5760405163d93c066560e01b815260040160405180910390fd5b565b5f82610a0b868685610bd7565b1495945050505050565b5f610a208383610982565b610a9d575f838152602081815260408083206001600160a01b03861684529091529020805460ff19166001179055610a553390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161040b565b505f61040b565b5f610aaf8383610982565b15610a9d575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a450600161040b565b610b15610c18565b6001805460ff191690557f5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa335b6040516001600160a01b03909116815260200160405180910390a1565b610b676109d8565b6001805460ff1916811790557f62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a25833610b42565b610ba48282610982565b610bd35760405163e2517d3f60e01b81526001600160a01b038216600482015260248101839052604401610473565b5050565b5f81815b84811015610c0f57610c0582878784818110610bf957610bf9610e31565b90506020020135610c3b565b9150600101610bdb565b50949350505050565b60015460ff166109fc57604051638dfc202b60e01b815260040160405180910390fd5b5f818310610c55575f828152602084905260409020610c63565b5f8381526020839052604090205b9392505050565b5f60208284031215610c7a575f5ffd5b81356001600160e01b031981168114610c63575f5ffd5b5f5f5f60608486031215610ca3575f5ffd5b505081359360208301359350604090920135919050565b80356001600160a01b0381168114610cd0575f5ffd5b919050565b5f5f5f5f5f60808688031215610ce9575f5ffd5b610cf286610cba565b9450602086013593506040860135925060608601356001600160401b03811115610d1a575f5ffd5b8601601f81018813610d2a575f5ffd5b80356001600160401b03811115610d3f575f5ffd5b8860208260051b8401011115610d53575f5ffd5b959894975092955050506020019190565b5f60208284031215610d74575f5ffd5b5035919050565b5f5f60408385031215610d8c575f5ffd5b82359150610d9c60208401610cba565b90509250929050565b5f5f60408385031215610db6575f5ffd5b8235915060208301356001600160401b0381168114610dd3575f5ffd5b809150509250929050565b5f60208284031215610dee575f5ffd5b610c6382610cba565b634e487b7160e01b5f52601160045260245ffd5b8082018082111561040b5761040b610df7565b8181038181111561040b5761040b610df7565b634e487b7160e01b5f52603260045260245ffdfea2646970667358221220222c93e59d55c0a8f78eaba621832501957af1bb1596f367cdf54074b99fc4da64736f6c634300081e003365d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a",
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
// Solidity: constructor(address token_, address admin, address publisher, address pauser, uint256 epochCap_, uint64 minEpochInterval_) returns()
func (rewardsDistributor *RewardsDistributor) PackConstructor(token_ common.Address, admin common.Address, publisher common.Address, pauser common.Address, epochCap_ *big.Int, minEpochInterval_ uint64) []byte {
	enc, err := rewardsDistributor.abi.Pack("", token_, admin, publisher, pauser, epochCap_, minEpochInterval_)
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

// PackPAUSERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe63ab1e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) PackPAUSERROLE() []byte {
	enc, err := rewardsDistributor.abi.Pack("PAUSER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPAUSERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe63ab1e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) TryPackPAUSERROLE() ([]byte, error) {
	return rewardsDistributor.abi.Pack("PAUSER_ROLE")
}

// UnpackPAUSERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe63ab1e9.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (rewardsDistributor *RewardsDistributor) UnpackPAUSERROLE(data []byte) ([32]byte, error) {
	out, err := rewardsDistributor.abi.Unpack("PAUSER_ROLE", data)
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

// PackEpochCap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61025060.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function epochCap() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) PackEpochCap() []byte {
	enc, err := rewardsDistributor.abi.Pack("epochCap")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEpochCap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61025060.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function epochCap() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) TryPackEpochCap() ([]byte, error) {
	return rewardsDistributor.abi.Pack("epochCap")
}

// UnpackEpochCap is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61025060.
//
// Solidity: function epochCap() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) UnpackEpochCap(data []byte) (*big.Int, error) {
	out, err := rewardsDistributor.abi.Unpack("epochCap", data)
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

// PackLastPublishedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x065491a5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastPublishedAt() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) PackLastPublishedAt() []byte {
	enc, err := rewardsDistributor.abi.Pack("lastPublishedAt")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastPublishedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x065491a5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastPublishedAt() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) TryPackLastPublishedAt() ([]byte, error) {
	return rewardsDistributor.abi.Pack("lastPublishedAt")
}

// UnpackLastPublishedAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x065491a5.
//
// Solidity: function lastPublishedAt() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) UnpackLastPublishedAt(data []byte) (uint64, error) {
	out, err := rewardsDistributor.abi.Unpack("lastPublishedAt", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860aefcf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function limits() view returns(bool isPaused, uint256 cap, uint64 interval, uint64 publishedAt, uint256 declaredTotal, uint256 claimedTotal, uint256 blockTime)
func (rewardsDistributor *RewardsDistributor) PackLimits() []byte {
	enc, err := rewardsDistributor.abi.Pack("limits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860aefcf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function limits() view returns(bool isPaused, uint256 cap, uint64 interval, uint64 publishedAt, uint256 declaredTotal, uint256 claimedTotal, uint256 blockTime)
func (rewardsDistributor *RewardsDistributor) TryPackLimits() ([]byte, error) {
	return rewardsDistributor.abi.Pack("limits")
}

// LimitsOutput serves as a container for the return parameters of contract
// method Limits.
type LimitsOutput struct {
	IsPaused      bool
	Cap           *big.Int
	Interval      uint64
	PublishedAt   uint64
	DeclaredTotal *big.Int
	ClaimedTotal  *big.Int
	BlockTime     *big.Int
}

// UnpackLimits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x860aefcf.
//
// Solidity: function limits() view returns(bool isPaused, uint256 cap, uint64 interval, uint64 publishedAt, uint256 declaredTotal, uint256 claimedTotal, uint256 blockTime)
func (rewardsDistributor *RewardsDistributor) UnpackLimits(data []byte) (LimitsOutput, error) {
	out, err := rewardsDistributor.abi.Unpack("limits", data)
	outstruct := new(LimitsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.IsPaused = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Cap = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.Interval = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.PublishedAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.DeclaredTotal = abi.ConvertType(out[4], new(big.Int)).(*big.Int)
	outstruct.ClaimedTotal = abi.ConvertType(out[5], new(big.Int)).(*big.Int)
	outstruct.BlockTime = abi.ConvertType(out[6], new(big.Int)).(*big.Int)
	return *outstruct, nil
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

// PackMinEpochInterval is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb18d108e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minEpochInterval() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) PackMinEpochInterval() []byte {
	enc, err := rewardsDistributor.abi.Pack("minEpochInterval")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinEpochInterval is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb18d108e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minEpochInterval() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) TryPackMinEpochInterval() ([]byte, error) {
	return rewardsDistributor.abi.Pack("minEpochInterval")
}

// UnpackMinEpochInterval is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb18d108e.
//
// Solidity: function minEpochInterval() view returns(uint64)
func (rewardsDistributor *RewardsDistributor) UnpackMinEpochInterval(data []byte) (uint64, error) {
	out, err := rewardsDistributor.abi.Unpack("minEpochInterval", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pause() returns()
func (rewardsDistributor *RewardsDistributor) PackPause() []byte {
	enc, err := rewardsDistributor.abi.Pack("pause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pause() returns()
func (rewardsDistributor *RewardsDistributor) TryPackPause() ([]byte, error) {
	return rewardsDistributor.abi.Pack("pause")
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (rewardsDistributor *RewardsDistributor) PackPaused() []byte {
	enc, err := rewardsDistributor.abi.Pack("paused")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paused() view returns(bool)
func (rewardsDistributor *RewardsDistributor) TryPackPaused() ([]byte, error) {
	return rewardsDistributor.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (rewardsDistributor *RewardsDistributor) UnpackPaused(data []byte) (bool, error) {
	out, err := rewardsDistributor.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPublishRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ab4731e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publishRoot(uint256 epoch, bytes32 root, uint256 total) returns()
func (rewardsDistributor *RewardsDistributor) PackPublishRoot(epoch *big.Int, root [32]byte, total *big.Int) []byte {
	enc, err := rewardsDistributor.abi.Pack("publishRoot", epoch, root, total)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublishRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ab4731e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publishRoot(uint256 epoch, bytes32 root, uint256 total) returns()
func (rewardsDistributor *RewardsDistributor) TryPackPublishRoot(epoch *big.Int, root [32]byte, total *big.Int) ([]byte, error) {
	return rewardsDistributor.abi.Pack("publishRoot", epoch, root, total)
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

// PackSetLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x389507cd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setLimits(uint256 epochCap_, uint64 minEpochInterval_) returns()
func (rewardsDistributor *RewardsDistributor) PackSetLimits(epochCap *big.Int, minEpochInterval uint64) []byte {
	enc, err := rewardsDistributor.abi.Pack("setLimits", epochCap, minEpochInterval)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x389507cd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setLimits(uint256 epochCap_, uint64 minEpochInterval_) returns()
func (rewardsDistributor *RewardsDistributor) TryPackSetLimits(epochCap *big.Int, minEpochInterval uint64) ([]byte, error) {
	return rewardsDistributor.abi.Pack("setLimits", epochCap, minEpochInterval)
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

// PackTotalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd54ad2a1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalClaimed() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) PackTotalClaimed() []byte {
	enc, err := rewardsDistributor.abi.Pack("totalClaimed")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd54ad2a1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalClaimed() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) TryPackTotalClaimed() ([]byte, error) {
	return rewardsDistributor.abi.Pack("totalClaimed")
}

// UnpackTotalClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd54ad2a1.
//
// Solidity: function totalClaimed() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) UnpackTotalClaimed(data []byte) (*big.Int, error) {
	out, err := rewardsDistributor.abi.Unpack("totalClaimed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalCumulative is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf68d5e72.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalCumulative() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) PackTotalCumulative() []byte {
	enc, err := rewardsDistributor.abi.Pack("totalCumulative")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalCumulative is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf68d5e72.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalCumulative() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) TryPackTotalCumulative() ([]byte, error) {
	return rewardsDistributor.abi.Pack("totalCumulative")
}

// UnpackTotalCumulative is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf68d5e72.
//
// Solidity: function totalCumulative() view returns(uint256)
func (rewardsDistributor *RewardsDistributor) UnpackTotalCumulative(data []byte) (*big.Int, error) {
	out, err := rewardsDistributor.abi.Unpack("totalCumulative", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3f4ba83a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unpause() returns()
func (rewardsDistributor *RewardsDistributor) PackUnpause() []byte {
	enc, err := rewardsDistributor.abi.Pack("unpause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3f4ba83a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unpause() returns()
func (rewardsDistributor *RewardsDistributor) TryPackUnpause() ([]byte, error) {
	return rewardsDistributor.abi.Pack("unpause")
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

// RewardsDistributorLimitsSet represents a LimitsSet event raised by the RewardsDistributor contract.
type RewardsDistributorLimitsSet struct {
	EpochCap         *big.Int
	MinEpochInterval uint64
	Raw              *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorLimitsSetEventName = "LimitsSet"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorLimitsSet) ContractEventName() string {
	return RewardsDistributorLimitsSetEventName
}

// UnpackLimitsSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event LimitsSet(uint256 epochCap, uint64 minEpochInterval)
func (rewardsDistributor *RewardsDistributor) UnpackLimitsSetEvent(log *types.Log) (*RewardsDistributorLimitsSet, error) {
	event := "LimitsSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorLimitsSet)
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

// RewardsDistributorPaused represents a Paused event raised by the RewardsDistributor contract.
type RewardsDistributorPaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorPausedEventName = "Paused"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorPaused) ContractEventName() string {
	return RewardsDistributorPausedEventName
}

// UnpackPausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Paused(address account)
func (rewardsDistributor *RewardsDistributor) UnpackPausedEvent(log *types.Log) (*RewardsDistributorPaused, error) {
	event := "Paused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorPaused)
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
	Epoch           *big.Int
	Root            [32]byte
	TotalCumulative *big.Int
	Raw             *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorRootPublishedEventName = "RootPublished"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorRootPublished) ContractEventName() string {
	return RewardsDistributorRootPublishedEventName
}

// UnpackRootPublishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootPublished(uint256 indexed epoch, bytes32 root, uint256 totalCumulative)
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

// RewardsDistributorUnpaused represents a Unpaused event raised by the RewardsDistributor contract.
type RewardsDistributorUnpaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RewardsDistributorUnpausedEventName = "Unpaused"

// ContractEventName returns the user-defined event name.
func (RewardsDistributorUnpaused) ContractEventName() string {
	return RewardsDistributorUnpausedEventName
}

// UnpackUnpausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unpaused(address account)
func (rewardsDistributor *RewardsDistributor) UnpackUnpausedEvent(log *types.Log) (*RewardsDistributorUnpaused, error) {
	event := "Unpaused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rewardsDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RewardsDistributorUnpaused)
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
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["EnforcedPause"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackEnforcedPauseError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["EpochCapExceeded"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackEpochCapExceededError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["EpochNotIncreasing"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackEpochNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["EpochTooSoon"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackEpochTooSoonError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["ExceedsDeclaredTotal"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackExceedsDeclaredTotalError(raw[4:])
	}
	if bytes.Equal(raw[:4], rewardsDistributor.abi.Errors["ExpectedPause"].ID.Bytes()[:4]) {
		return rewardsDistributor.UnpackExpectedPauseError(raw[4:])
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

// RewardsDistributorEnforcedPause represents a EnforcedPause error raised by the RewardsDistributor contract.
type RewardsDistributorEnforcedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EnforcedPause()
func RewardsDistributorEnforcedPauseErrorID() common.Hash {
	return common.HexToHash("0xd93c0665d6c96d04a8f174024fc4ddd66c250604aff22bbec808de86dd3637e3")
}

// UnpackEnforcedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EnforcedPause()
func (rewardsDistributor *RewardsDistributor) UnpackEnforcedPauseError(raw []byte) (*RewardsDistributorEnforcedPause, error) {
	out := new(RewardsDistributorEnforcedPause)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "EnforcedPause", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorEpochCapExceeded represents a EpochCapExceeded error raised by the RewardsDistributor contract.
type RewardsDistributorEpochCapExceeded struct {
	Increase *big.Int
	EpochCap *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochCapExceeded(uint256 increase, uint256 epochCap)
func RewardsDistributorEpochCapExceededErrorID() common.Hash {
	return common.HexToHash("0x0db5c3f83b880bf24b07b68c0903bd153cc556771a6dc3f456e62eb1b45275c0")
}

// UnpackEpochCapExceededError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochCapExceeded(uint256 increase, uint256 epochCap)
func (rewardsDistributor *RewardsDistributor) UnpackEpochCapExceededError(raw []byte) (*RewardsDistributorEpochCapExceeded, error) {
	out := new(RewardsDistributorEpochCapExceeded)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "EpochCapExceeded", raw); err != nil {
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

// RewardsDistributorEpochTooSoon represents a EpochTooSoon error raised by the RewardsDistributor contract.
type RewardsDistributorEpochTooSoon struct {
	NextAllowedAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochTooSoon(uint256 nextAllowedAt)
func RewardsDistributorEpochTooSoonErrorID() common.Hash {
	return common.HexToHash("0x23b28bcec929bec50711602cc0fc8dfbc086cc3deb4379f9aa10cf5d4d4346c1")
}

// UnpackEpochTooSoonError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochTooSoon(uint256 nextAllowedAt)
func (rewardsDistributor *RewardsDistributor) UnpackEpochTooSoonError(raw []byte) (*RewardsDistributorEpochTooSoon, error) {
	out := new(RewardsDistributorEpochTooSoon)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "EpochTooSoon", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorExceedsDeclaredTotal represents a ExceedsDeclaredTotal error raised by the RewardsDistributor contract.
type RewardsDistributorExceedsDeclaredTotal struct {
	TotalClaimedAfter *big.Int
	TotalCumulative   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExceedsDeclaredTotal(uint256 totalClaimedAfter, uint256 totalCumulative)
func RewardsDistributorExceedsDeclaredTotalErrorID() common.Hash {
	return common.HexToHash("0x2278f90ef2f584bc3c7858519b9458b71b905d826a739c366e4b689713273772")
}

// UnpackExceedsDeclaredTotalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExceedsDeclaredTotal(uint256 totalClaimedAfter, uint256 totalCumulative)
func (rewardsDistributor *RewardsDistributor) UnpackExceedsDeclaredTotalError(raw []byte) (*RewardsDistributorExceedsDeclaredTotal, error) {
	out := new(RewardsDistributorExceedsDeclaredTotal)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "ExceedsDeclaredTotal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RewardsDistributorExpectedPause represents a ExpectedPause error raised by the RewardsDistributor contract.
type RewardsDistributorExpectedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExpectedPause()
func RewardsDistributorExpectedPauseErrorID() common.Hash {
	return common.HexToHash("0x8dfc202bcfe9a735b559bee70674422512bc5c30f687046ae8778315fb81da44")
}

// UnpackExpectedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExpectedPause()
func (rewardsDistributor *RewardsDistributor) UnpackExpectedPauseError(raw []byte) (*RewardsDistributorExpectedPause, error) {
	out := new(RewardsDistributorExpectedPause)
	if err := rewardsDistributor.abi.UnpackIntoInterface(out, "ExpectedPause", raw); err != nil {
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
