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

// DataSaleRelease is an auto generated low-level Go binding around an user-defined struct.
type DataSaleRelease struct {
	Token       common.Address
	Listed      bool
	Price       *big.Int
	LicenceHash [32]byte
}

// DataSaleMetaData contains all meta data concerning the DataSale contract.
var DataSaleMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint16\",\"name\":\"contributorsBps_\",\"type\":\"uint16\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"}],\"name\":\"AlreadyBought\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint16\",\"name\":\"contributorsBps\",\"type\":\"uint16\"}],\"name\":\"InvalidSplit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"accepted\",\"type\":\"bytes32\"}],\"name\":\"LicenceMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"}],\"name\":\"NotForSale\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"}],\"name\":\"ReleaseExists\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"TokenNotAccepted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroId\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroPrice\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"PayeeSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"toContributors\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"contributorsPayee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"toOperator\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"treasury\",\"type\":\"address\"}],\"name\":\"Purchased\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"}],\"name\":\"ReleaseDelisted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"}],\"name\":\"ReleaseListed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"treasury\",\"type\":\"address\"}],\"name\":\"TreasurySet\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BPS\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"OPERATOR_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"}],\"name\":\"bought\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"}],\"name\":\"buy\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"contributorsBps\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"}],\"name\":\"delist\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"},{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"}],\"name\":\"list\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"payeeOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"releaseId\",\"type\":\"bytes32\"}],\"name\":\"release\",\"outputs\":[{\"components\":[{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"listed\",\"type\":\"bool\"},{\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"licenceHash\",\"type\":\"bytes32\"}],\"internalType\":\"structDataSale.Release\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"setPayee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"}],\"name\":\"setTreasury\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"}],\"name\":\"split\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"toContributors\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"toOperator\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treasury\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "DataSale",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161124f38038061124f83398101604081905261002e916102f7565b8583836001600160a01b0383166100585760405163d92e233d60e01b815260040160405180910390fd5b6100625f84610182565b5061006d828261022b565b50505060016100866100836102b860201b60201c565b90565b556001600160a01b03851615806100a457506001600160a01b038416155b156100c25760405163d92e233d60e01b815260040160405180910390fd5b61271061ffff821611156100f35760405163139d387560e31b815261ffff8216600482015260240160405180910390fd5b61011d7f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92986610182565b5061ffff8116608052600280546001600160a01b0319166001600160a01b0386169081179091556040519081527f3c864541ef71378c6229510ed90f376565ee42d9c5e0904a984a9e863e6db44f9060200160405180910390a1505050505050610371565b5f828152602081815260408083206001600160a01b038516845290915281205460ff16610222575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556101da3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610225565b505f5b92915050565b6001600160a01b0382166102525760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b038281165f8181526001602090815260409182902080546001600160a01b0319169486169485179055905192835290917fb818a444791289034482ccd2bcd8339807038fb1f2f12de96a5dce76f631a9cd910160405180910390a25050565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0090565b80516001600160a01b03811681146102f2575f5ffd5b919050565b5f5f5f5f5f5f60c0878903121561030c575f5ffd5b610315876102dc565b9550610323602088016102dc565b9450610331604088016102dc565b935061033f606088016102dc565b925061034d608088016102dc565b915060a087015161ffff81168114610363575f5ffd5b809150509295509295509295565b608051610ebf6103905f395f818161019a01526109100152610ebf5ff3fe608060405234801561000f575f5ffd5b5060043610610127575f3560e01c806361d027b3116100a9578063d547741f1161006e578063d547741f14610370578063dbceb00514610383578063f0f44260146103ab578063f5b541a6146103be578063fe7e05d5146103e5575f5ffd5b806361d027b31461025457806367d42a8b1461027f57806391d14854146103435780639b69352b14610356578063a217fddf14610369575f5ffd5b8063249d39e9116100ef578063249d39e9146101ff5780632d0a85aa146102085780632f2ff15d1461021b57806336568abe1461022e57806359c8d64714610241575f5ffd5b806301ffc9a71461012b57806306f5197f1461015357806308e4b05c146101805780630fb2bea914610195578063248a9ca3146101cf575b5f5ffd5b61013e610139366004610d04565b61040d565b60405190151581526020015b60405180910390f35b61013e610161366004610d46565b600460209081525f928352604080842090915290825290205460ff1681565b61019361018e366004610d74565b610443565b005b6101bc7f000000000000000000000000000000000000000000000000000000000000000081565b60405161ffff909116815260200161014a565b6101f16101dd366004610dae565b5f9081526020819052604090206001015490565b60405190815260200161014a565b6101bc61271081565b610193610216366004610dae565b6105ad565b610193610229366004610d46565b610652565b61019361023c366004610d46565b61067c565b61019361024f366004610dc5565b6106b4565b600254610267906001600160a01b031681565b6040516001600160a01b03909116815260200161014a565b61030561028d366004610dae565b604080516080810182525f808252602082018190529181018290526060810191909152505f90815260036020908152604091829020825160808101845281546001600160a01b0381168252600160a01b900460ff16151592810192909252600181015492820192909252600290910154606082015290565b60405161014a919081516001600160a01b03168152602080830151151590820152604080830151908201526060918201519181019190915260800190565b61013e610351366004610d46565b6108a6565b610193610364366004610de5565b6108ce565b6101f15f81565b61019361037e366004610d46565b6108e2565b610396610391366004610dae565b610906565b6040805192835260208301919091520161014a565b6101936103b9366004610e11565b610956565b6101f17f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92981565b6102676103f3366004610e11565b60016020525f90815260409020546001600160a01b031681565b5f6001600160e01b03198216637965db0b60e01b148061043d57506301ffc9a760e01b6001600160e01b03198316145b92915050565b7f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92961046d816109dc565b8461048b5760405163ac8fb3c160e01b815260040160405180910390fd5b5f858152600360205260409020546001600160a01b0316156104c8576040516330e35a8b60e21b8152600481018690526024015b60405180910390fd5b825f036104e857604051634dfba02360e01b815260040160405180910390fd5b6104f1846109e9565b50604080516080810182526001600160a01b03808716808352600160208085018281528587018a8152606087018a81525f8e81526003909452928890209651875492511515600160a01b026001600160a81b03199093169616959095171785559251908401559051600290920191909155905186907f8d49a8df67a2f320cf31e16ec6fd590cef283bffa74f3cd153042ad03b68fe6f9061059e9087908790918252602082015260400190565b60405180910390a35050505050565b7f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b9296105d7816109dc565b5f82815260036020526040902054600160a01b900460ff1661060f576040516327c4388960e11b8152600481018390526024016104bf565b5f82815260036020526040808220805460ff60a01b191690555183917febde1130f17aea92defabd72fbdd1d0c190ab75245757993f9ecc753826d34a391a25050565b5f8281526020819052604090206001015461066c816109dc565b6106768383610a31565b50505050565b6001600160a01b03811633146106a55760405163334bd91960e11b815260040160405180910390fd5b6106af8282610ac0565b505050565b6106bc610b29565b5f8281526003602052604090208054600160a01b900460ff166106f5576040516327c4388960e11b8152600481018490526024016104bf565b806002015482146107305760028101546040516367e0f5f560e11b8152600481018590526024810191909152604481018390526064016104bf565b5f83815260046020908152604080832033845290915290205460ff16156107735760405163d52b7ceb60e01b8152600481018490523360248201526044016104bf565b5f8381526004602090815260408083203384529091528120805460ff1916600117905581546107aa906001600160a01b03166109e9565b90505f5f6107bb8460010154610906565b60028054875460018901549289015460408051948552602085019190915283018590526001600160a01b0388811660608501526080840185905291821660a0840181905294965092945090911690339089907f3d389e10ffc0f78f40f53213f34f02ae7b0820d5fc088adecd80a44bfe35a1ea9060c00160405180910390a48215610857578454610857906001600160a01b0316338686610b57565b8115610874578454610874906001600160a01b0316338385610b57565b50505050506108a260017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b5050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b5f6108d8816109dc565b6106af8383610b8d565b5f828152602081905260409020600101546108fc816109dc565b6106768383610ac0565b5f806127106109397f000000000000000000000000000000000000000000000000000000000000000061ffff1685610e40565b6109439190610e57565b915061094f8284610e76565b9050915091565b5f610960816109dc565b6001600160a01b0382166109875760405163d92e233d60e01b815260040160405180910390fd5b600280546001600160a01b0319166001600160a01b0384169081179091556040519081527f3c864541ef71378c6229510ed90f376565ee42d9c5e0904a984a9e863e6db44f9060200160405180910390a15050565b6109e68133610c1a565b50565b6001600160a01b038082165f908152600160205260409020541680610a2c5760405163f01157c360e01b81526001600160a01b03831660048201526024016104bf565b919050565b5f610a3c83836108a6565b610ab9575f838152602081815260408083206001600160a01b03861684529091529020805460ff19166001179055610a713390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161043d565b505f61043d565b5f610acb83836108a6565b15610ab9575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a450600161043d565b610b31610c53565b60027f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b610b65848484846001610c97565b61067657604051635274afe760e01b81526001600160a01b03851660048201526024016104bf565b6001600160a01b038216610bb45760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b038281165f8181526001602090815260409182902080546001600160a01b0319169486169485179055905192835290917fb818a444791289034482ccd2bcd8339807038fb1f2f12de96a5dce76f631a9cd910160405180910390a25050565b610c2482826108a6565b6108a25760405163e2517d3f60e01b81526001600160a01b0382166004820152602481018390526044016104bf565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0054600203610c9557604051633ee5aeb560e01b815260040160405180910390fd5b565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610cf3578383151615610ce7573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f60208284031215610d14575f5ffd5b81356001600160e01b031981168114610d2b575f5ffd5b9392505050565b6001600160a01b03811681146109e6575f5ffd5b5f5f60408385031215610d57575f5ffd5b823591506020830135610d6981610d32565b809150509250929050565b5f5f5f5f60808587031215610d87575f5ffd5b843593506020850135610d9981610d32565b93969395505050506040820135916060013590565b5f60208284031215610dbe575f5ffd5b5035919050565b5f5f60408385031215610dd6575f5ffd5b50508035926020909101359150565b5f5f60408385031215610df6575f5ffd5b8235610e0181610d32565b91506020830135610d6981610d32565b5f60208284031215610e21575f5ffd5b8135610d2b81610d32565b634e487b7160e01b5f52601160045260245ffd5b808202811582820484141761043d5761043d610e2c565b5f82610e7157634e487b7160e01b5f52601260045260245ffd5b500490565b8181038181111561043d5761043d610e2c56fea26469706673582212200d4baf6f27aee8b315fd556b011dabb74c387067d28af34aaa844991b86945d464736f6c634300081e0033",
}

// DataSale is an auto generated Go binding around an Ethereum contract.
type DataSale struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *DataSale) GetABI() abi.ABI {
	return c.abi
}

// NewDataSale creates a new instance of DataSale.
func NewDataSale() *DataSale {
	parsed, err := DataSaleMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &DataSale{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *DataSale) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address admin, address operator, address treasury_, address token, address payee, uint16 contributorsBps_) returns()
func (dataSale *DataSale) PackConstructor(admin common.Address, operator common.Address, treasury_ common.Address, token common.Address, payee common.Address, contributorsBps_ uint16) []byte {
	enc, err := dataSale.abi.Pack("", admin, operator, treasury_, token, payee, contributorsBps_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x249d39e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BPS() view returns(uint16)
func (dataSale *DataSale) PackBPS() []byte {
	enc, err := dataSale.abi.Pack("BPS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x249d39e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BPS() view returns(uint16)
func (dataSale *DataSale) TryPackBPS() ([]byte, error) {
	return dataSale.abi.Pack("BPS")
}

// UnpackBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x249d39e9.
//
// Solidity: function BPS() view returns(uint16)
func (dataSale *DataSale) UnpackBPS(data []byte) (uint16, error) {
	out, err := dataSale.abi.Unpack("BPS", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (dataSale *DataSale) PackDEFAULTADMINROLE() []byte {
	enc, err := dataSale.abi.Pack("DEFAULT_ADMIN_ROLE")
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
func (dataSale *DataSale) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return dataSale.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (dataSale *DataSale) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := dataSale.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOPERATORROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5b541a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function OPERATOR_ROLE() view returns(bytes32)
func (dataSale *DataSale) PackOPERATORROLE() []byte {
	enc, err := dataSale.abi.Pack("OPERATOR_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOPERATORROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5b541a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function OPERATOR_ROLE() view returns(bytes32)
func (dataSale *DataSale) TryPackOPERATORROLE() ([]byte, error) {
	return dataSale.abi.Pack("OPERATOR_ROLE")
}

// UnpackOPERATORROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf5b541a6.
//
// Solidity: function OPERATOR_ROLE() view returns(bytes32)
func (dataSale *DataSale) UnpackOPERATORROLE(data []byte) ([32]byte, error) {
	out, err := dataSale.abi.Unpack("OPERATOR_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBought is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06f5197f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bought(bytes32 releaseId, address buyer) view returns(bool)
func (dataSale *DataSale) PackBought(releaseId [32]byte, buyer common.Address) []byte {
	enc, err := dataSale.abi.Pack("bought", releaseId, buyer)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBought is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06f5197f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bought(bytes32 releaseId, address buyer) view returns(bool)
func (dataSale *DataSale) TryPackBought(releaseId [32]byte, buyer common.Address) ([]byte, error) {
	return dataSale.abi.Pack("bought", releaseId, buyer)
}

// UnpackBought is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06f5197f.
//
// Solidity: function bought(bytes32 releaseId, address buyer) view returns(bool)
func (dataSale *DataSale) UnpackBought(data []byte) (bool, error) {
	out, err := dataSale.abi.Unpack("bought", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBuy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59c8d647.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function buy(bytes32 releaseId, bytes32 licenceHash) returns()
func (dataSale *DataSale) PackBuy(releaseId [32]byte, licenceHash [32]byte) []byte {
	enc, err := dataSale.abi.Pack("buy", releaseId, licenceHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBuy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59c8d647.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function buy(bytes32 releaseId, bytes32 licenceHash) returns()
func (dataSale *DataSale) TryPackBuy(releaseId [32]byte, licenceHash [32]byte) ([]byte, error) {
	return dataSale.abi.Pack("buy", releaseId, licenceHash)
}

// PackContributorsBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fb2bea9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function contributorsBps() view returns(uint16)
func (dataSale *DataSale) PackContributorsBps() []byte {
	enc, err := dataSale.abi.Pack("contributorsBps")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackContributorsBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fb2bea9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function contributorsBps() view returns(uint16)
func (dataSale *DataSale) TryPackContributorsBps() ([]byte, error) {
	return dataSale.abi.Pack("contributorsBps")
}

// UnpackContributorsBps is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0fb2bea9.
//
// Solidity: function contributorsBps() view returns(uint16)
func (dataSale *DataSale) UnpackContributorsBps(data []byte) (uint16, error) {
	out, err := dataSale.abi.Unpack("contributorsBps", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackDelist is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d0a85aa.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delist(bytes32 releaseId) returns()
func (dataSale *DataSale) PackDelist(releaseId [32]byte) []byte {
	enc, err := dataSale.abi.Pack("delist", releaseId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelist is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d0a85aa.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delist(bytes32 releaseId) returns()
func (dataSale *DataSale) TryPackDelist(releaseId [32]byte) ([]byte, error) {
	return dataSale.abi.Pack("delist", releaseId)
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (dataSale *DataSale) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := dataSale.abi.Pack("getRoleAdmin", role)
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
func (dataSale *DataSale) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return dataSale.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (dataSale *DataSale) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := dataSale.abi.Unpack("getRoleAdmin", data)
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
func (dataSale *DataSale) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := dataSale.abi.Pack("grantRole", role, account)
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
func (dataSale *DataSale) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return dataSale.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (dataSale *DataSale) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := dataSale.abi.Pack("hasRole", role, account)
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
func (dataSale *DataSale) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return dataSale.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (dataSale *DataSale) UnpackHasRole(data []byte) (bool, error) {
	out, err := dataSale.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackList is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x08e4b05c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function list(bytes32 releaseId, address token, uint256 price, bytes32 licenceHash) returns()
func (dataSale *DataSale) PackList(releaseId [32]byte, token common.Address, price *big.Int, licenceHash [32]byte) []byte {
	enc, err := dataSale.abi.Pack("list", releaseId, token, price, licenceHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackList is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x08e4b05c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function list(bytes32 releaseId, address token, uint256 price, bytes32 licenceHash) returns()
func (dataSale *DataSale) TryPackList(releaseId [32]byte, token common.Address, price *big.Int, licenceHash [32]byte) ([]byte, error) {
	return dataSale.abi.Pack("list", releaseId, token, price, licenceHash)
}

// PackPayeeOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe7e05d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payeeOf(address token) view returns(address)
func (dataSale *DataSale) PackPayeeOf(token common.Address) []byte {
	enc, err := dataSale.abi.Pack("payeeOf", token)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPayeeOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe7e05d5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function payeeOf(address token) view returns(address)
func (dataSale *DataSale) TryPackPayeeOf(token common.Address) ([]byte, error) {
	return dataSale.abi.Pack("payeeOf", token)
}

// UnpackPayeeOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfe7e05d5.
//
// Solidity: function payeeOf(address token) view returns(address)
func (dataSale *DataSale) UnpackPayeeOf(data []byte) (common.Address, error) {
	out, err := dataSale.abi.Unpack("payeeOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67d42a8b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function release(bytes32 releaseId) view returns((address,bool,uint256,bytes32))
func (dataSale *DataSale) PackRelease(releaseId [32]byte) []byte {
	enc, err := dataSale.abi.Pack("release", releaseId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67d42a8b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function release(bytes32 releaseId) view returns((address,bool,uint256,bytes32))
func (dataSale *DataSale) TryPackRelease(releaseId [32]byte) ([]byte, error) {
	return dataSale.abi.Pack("release", releaseId)
}

// UnpackRelease is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x67d42a8b.
//
// Solidity: function release(bytes32 releaseId) view returns((address,bool,uint256,bytes32))
func (dataSale *DataSale) UnpackRelease(data []byte) (DataSaleRelease, error) {
	out, err := dataSale.abi.Unpack("release", data)
	if err != nil {
		return *new(DataSaleRelease), err
	}
	out0 := *abi.ConvertType(out[0], new(DataSaleRelease)).(*DataSaleRelease)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (dataSale *DataSale) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := dataSale.abi.Pack("renounceRole", role, callerConfirmation)
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
func (dataSale *DataSale) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return dataSale.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (dataSale *DataSale) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := dataSale.abi.Pack("revokeRole", role, account)
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
func (dataSale *DataSale) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return dataSale.abi.Pack("revokeRole", role, account)
}

// PackSetPayee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b69352b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setPayee(address token, address payee) returns()
func (dataSale *DataSale) PackSetPayee(token common.Address, payee common.Address) []byte {
	enc, err := dataSale.abi.Pack("setPayee", token, payee)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetPayee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b69352b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setPayee(address token, address payee) returns()
func (dataSale *DataSale) TryPackSetPayee(token common.Address, payee common.Address) ([]byte, error) {
	return dataSale.abi.Pack("setPayee", token, payee)
}

// PackSetTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0f44260.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setTreasury(address treasury_) returns()
func (dataSale *DataSale) PackSetTreasury(treasury common.Address) []byte {
	enc, err := dataSale.abi.Pack("setTreasury", treasury)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0f44260.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setTreasury(address treasury_) returns()
func (dataSale *DataSale) TryPackSetTreasury(treasury common.Address) ([]byte, error) {
	return dataSale.abi.Pack("setTreasury", treasury)
}

// PackSplit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdbceb005.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function split(uint256 price) view returns(uint256 toContributors, uint256 toOperator)
func (dataSale *DataSale) PackSplit(price *big.Int) []byte {
	enc, err := dataSale.abi.Pack("split", price)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSplit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdbceb005.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function split(uint256 price) view returns(uint256 toContributors, uint256 toOperator)
func (dataSale *DataSale) TryPackSplit(price *big.Int) ([]byte, error) {
	return dataSale.abi.Pack("split", price)
}

// SplitOutput serves as a container for the return parameters of contract
// method Split.
type SplitOutput struct {
	ToContributors *big.Int
	ToOperator     *big.Int
}

// UnpackSplit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdbceb005.
//
// Solidity: function split(uint256 price) view returns(uint256 toContributors, uint256 toOperator)
func (dataSale *DataSale) UnpackSplit(data []byte) (SplitOutput, error) {
	out, err := dataSale.abi.Unpack("split", data)
	outstruct := new(SplitOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.ToContributors = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.ToOperator = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (dataSale *DataSale) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := dataSale.abi.Pack("supportsInterface", interfaceId)
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
func (dataSale *DataSale) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return dataSale.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (dataSale *DataSale) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := dataSale.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61d027b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function treasury() view returns(address)
func (dataSale *DataSale) PackTreasury() []byte {
	enc, err := dataSale.abi.Pack("treasury")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61d027b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function treasury() view returns(address)
func (dataSale *DataSale) TryPackTreasury() ([]byte, error) {
	return dataSale.abi.Pack("treasury")
}

// UnpackTreasury is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61d027b3.
//
// Solidity: function treasury() view returns(address)
func (dataSale *DataSale) UnpackTreasury(data []byte) (common.Address, error) {
	out, err := dataSale.abi.Unpack("treasury", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// DataSalePayeeSet represents a PayeeSet event raised by the DataSale contract.
type DataSalePayeeSet struct {
	Token common.Address
	Payee common.Address
	Raw   *types.Log // Blockchain specific contextual infos
}

const DataSalePayeeSetEventName = "PayeeSet"

// ContractEventName returns the user-defined event name.
func (DataSalePayeeSet) ContractEventName() string {
	return DataSalePayeeSetEventName
}

// UnpackPayeeSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PayeeSet(address indexed token, address payee)
func (dataSale *DataSale) UnpackPayeeSetEvent(log *types.Log) (*DataSalePayeeSet, error) {
	event := "PayeeSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSalePayeeSet)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSalePurchased represents a Purchased event raised by the DataSale contract.
type DataSalePurchased struct {
	ReleaseId         [32]byte
	Buyer             common.Address
	Token             common.Address
	Price             *big.Int
	LicenceHash       [32]byte
	ToContributors    *big.Int
	ContributorsPayee common.Address
	ToOperator        *big.Int
	Treasury          common.Address
	Raw               *types.Log // Blockchain specific contextual infos
}

const DataSalePurchasedEventName = "Purchased"

// ContractEventName returns the user-defined event name.
func (DataSalePurchased) ContractEventName() string {
	return DataSalePurchasedEventName
}

// UnpackPurchasedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Purchased(bytes32 indexed releaseId, address indexed buyer, address indexed token, uint256 price, bytes32 licenceHash, uint256 toContributors, address contributorsPayee, uint256 toOperator, address treasury)
func (dataSale *DataSale) UnpackPurchasedEvent(log *types.Log) (*DataSalePurchased, error) {
	event := "Purchased"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSalePurchased)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleReleaseDelisted represents a ReleaseDelisted event raised by the DataSale contract.
type DataSaleReleaseDelisted struct {
	ReleaseId [32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const DataSaleReleaseDelistedEventName = "ReleaseDelisted"

// ContractEventName returns the user-defined event name.
func (DataSaleReleaseDelisted) ContractEventName() string {
	return DataSaleReleaseDelistedEventName
}

// UnpackReleaseDelistedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ReleaseDelisted(bytes32 indexed releaseId)
func (dataSale *DataSale) UnpackReleaseDelistedEvent(log *types.Log) (*DataSaleReleaseDelisted, error) {
	event := "ReleaseDelisted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleReleaseDelisted)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleReleaseListed represents a ReleaseListed event raised by the DataSale contract.
type DataSaleReleaseListed struct {
	ReleaseId   [32]byte
	Token       common.Address
	Price       *big.Int
	LicenceHash [32]byte
	Raw         *types.Log // Blockchain specific contextual infos
}

const DataSaleReleaseListedEventName = "ReleaseListed"

// ContractEventName returns the user-defined event name.
func (DataSaleReleaseListed) ContractEventName() string {
	return DataSaleReleaseListedEventName
}

// UnpackReleaseListedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ReleaseListed(bytes32 indexed releaseId, address indexed token, uint256 price, bytes32 licenceHash)
func (dataSale *DataSale) UnpackReleaseListedEvent(log *types.Log) (*DataSaleReleaseListed, error) {
	event := "ReleaseListed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleReleaseListed)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleRoleAdminChanged represents a RoleAdminChanged event raised by the DataSale contract.
type DataSaleRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const DataSaleRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (DataSaleRoleAdminChanged) ContractEventName() string {
	return DataSaleRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (dataSale *DataSale) UnpackRoleAdminChangedEvent(log *types.Log) (*DataSaleRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleRoleGranted represents a RoleGranted event raised by the DataSale contract.
type DataSaleRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const DataSaleRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (DataSaleRoleGranted) ContractEventName() string {
	return DataSaleRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (dataSale *DataSale) UnpackRoleGrantedEvent(log *types.Log) (*DataSaleRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleRoleGranted)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleRoleRevoked represents a RoleRevoked event raised by the DataSale contract.
type DataSaleRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const DataSaleRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (DataSaleRoleRevoked) ContractEventName() string {
	return DataSaleRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (dataSale *DataSale) UnpackRoleRevokedEvent(log *types.Log) (*DataSaleRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleRoleRevoked)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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

// DataSaleTreasurySet represents a TreasurySet event raised by the DataSale contract.
type DataSaleTreasurySet struct {
	Treasury common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const DataSaleTreasurySetEventName = "TreasurySet"

// ContractEventName returns the user-defined event name.
func (DataSaleTreasurySet) ContractEventName() string {
	return DataSaleTreasurySetEventName
}

// UnpackTreasurySetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TreasurySet(address treasury)
func (dataSale *DataSale) UnpackTreasurySetEvent(log *types.Log) (*DataSaleTreasurySet, error) {
	event := "TreasurySet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != dataSale.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DataSaleTreasurySet)
	if len(log.Data) > 0 {
		if err := dataSale.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range dataSale.abi.Events[event].Inputs {
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
func (dataSale *DataSale) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], dataSale.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return dataSale.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return dataSale.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["AlreadyBought"].ID.Bytes()[:4]) {
		return dataSale.UnpackAlreadyBoughtError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["InvalidSplit"].ID.Bytes()[:4]) {
		return dataSale.UnpackInvalidSplitError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["LicenceMismatch"].ID.Bytes()[:4]) {
		return dataSale.UnpackLicenceMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["NotForSale"].ID.Bytes()[:4]) {
		return dataSale.UnpackNotForSaleError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return dataSale.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["ReleaseExists"].ID.Bytes()[:4]) {
		return dataSale.UnpackReleaseExistsError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return dataSale.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["TokenNotAccepted"].ID.Bytes()[:4]) {
		return dataSale.UnpackTokenNotAcceptedError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return dataSale.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["ZeroId"].ID.Bytes()[:4]) {
		return dataSale.UnpackZeroIdError(raw[4:])
	}
	if bytes.Equal(raw[:4], dataSale.abi.Errors["ZeroPrice"].ID.Bytes()[:4]) {
		return dataSale.UnpackZeroPriceError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// DataSaleAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the DataSale contract.
type DataSaleAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func DataSaleAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (dataSale *DataSale) UnpackAccessControlBadConfirmationError(raw []byte) (*DataSaleAccessControlBadConfirmation, error) {
	out := new(DataSaleAccessControlBadConfirmation)
	if err := dataSale.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the DataSale contract.
type DataSaleAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func DataSaleAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (dataSale *DataSale) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*DataSaleAccessControlUnauthorizedAccount, error) {
	out := new(DataSaleAccessControlUnauthorizedAccount)
	if err := dataSale.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleAlreadyBought represents a AlreadyBought error raised by the DataSale contract.
type DataSaleAlreadyBought struct {
	ReleaseId [32]byte
	Buyer     common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyBought(bytes32 releaseId, address buyer)
func DataSaleAlreadyBoughtErrorID() common.Hash {
	return common.HexToHash("0xd52b7ceb47cdc3748d01efdcf9bfe282ac8063a86c93874157022766234cc46b")
}

// UnpackAlreadyBoughtError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyBought(bytes32 releaseId, address buyer)
func (dataSale *DataSale) UnpackAlreadyBoughtError(raw []byte) (*DataSaleAlreadyBought, error) {
	out := new(DataSaleAlreadyBought)
	if err := dataSale.abi.UnpackIntoInterface(out, "AlreadyBought", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleInvalidSplit represents a InvalidSplit error raised by the DataSale contract.
type DataSaleInvalidSplit struct {
	ContributorsBps uint16
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidSplit(uint16 contributorsBps)
func DataSaleInvalidSplitErrorID() common.Hash {
	return common.HexToHash("0x9ce9c3a8d6d41bec538e9b70f370e7375bcc8815bac83b8a6e4a0f1247e3e219")
}

// UnpackInvalidSplitError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidSplit(uint16 contributorsBps)
func (dataSale *DataSale) UnpackInvalidSplitError(raw []byte) (*DataSaleInvalidSplit, error) {
	out := new(DataSaleInvalidSplit)
	if err := dataSale.abi.UnpackIntoInterface(out, "InvalidSplit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleLicenceMismatch represents a LicenceMismatch error raised by the DataSale contract.
type DataSaleLicenceMismatch struct {
	ReleaseId   [32]byte
	LicenceHash [32]byte
	Accepted    [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LicenceMismatch(bytes32 releaseId, bytes32 licenceHash, bytes32 accepted)
func DataSaleLicenceMismatchErrorID() common.Hash {
	return common.HexToHash("0xcfc1ebeaa0f565d0e258db296e78481ba601e17fc797b55883e1abc24dabc256")
}

// UnpackLicenceMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LicenceMismatch(bytes32 releaseId, bytes32 licenceHash, bytes32 accepted)
func (dataSale *DataSale) UnpackLicenceMismatchError(raw []byte) (*DataSaleLicenceMismatch, error) {
	out := new(DataSaleLicenceMismatch)
	if err := dataSale.abi.UnpackIntoInterface(out, "LicenceMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleNotForSale represents a NotForSale error raised by the DataSale contract.
type DataSaleNotForSale struct {
	ReleaseId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotForSale(bytes32 releaseId)
func DataSaleNotForSaleErrorID() common.Hash {
	return common.HexToHash("0x4f8871121b2645e43207da5d7acdd83ade4acb759a32d658b0b928b1b4e4beb3")
}

// UnpackNotForSaleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotForSale(bytes32 releaseId)
func (dataSale *DataSale) UnpackNotForSaleError(raw []byte) (*DataSaleNotForSale, error) {
	out := new(DataSaleNotForSale)
	if err := dataSale.abi.UnpackIntoInterface(out, "NotForSale", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the DataSale contract.
type DataSaleReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func DataSaleReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (dataSale *DataSale) UnpackReentrancyGuardReentrantCallError(raw []byte) (*DataSaleReentrancyGuardReentrantCall, error) {
	out := new(DataSaleReentrancyGuardReentrantCall)
	if err := dataSale.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleReleaseExists represents a ReleaseExists error raised by the DataSale contract.
type DataSaleReleaseExists struct {
	ReleaseId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReleaseExists(bytes32 releaseId)
func DataSaleReleaseExistsErrorID() common.Hash {
	return common.HexToHash("0xc38d6a2cd7a098a823e6d75858cccc512876ae04c03ae9480550dc991baac7c5")
}

// UnpackReleaseExistsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReleaseExists(bytes32 releaseId)
func (dataSale *DataSale) UnpackReleaseExistsError(raw []byte) (*DataSaleReleaseExists, error) {
	out := new(DataSaleReleaseExists)
	if err := dataSale.abi.UnpackIntoInterface(out, "ReleaseExists", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the DataSale contract.
type DataSaleSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func DataSaleSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (dataSale *DataSale) UnpackSafeERC20FailedOperationError(raw []byte) (*DataSaleSafeERC20FailedOperation, error) {
	out := new(DataSaleSafeERC20FailedOperation)
	if err := dataSale.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleTokenNotAccepted represents a TokenNotAccepted error raised by the DataSale contract.
type DataSaleTokenNotAccepted struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TokenNotAccepted(address token)
func DataSaleTokenNotAcceptedErrorID() common.Hash {
	return common.HexToHash("0xf01157c3e966b3194fda1c8303c7e98e0bdbd7936db03399f43366dcc1086c86")
}

// UnpackTokenNotAcceptedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TokenNotAccepted(address token)
func (dataSale *DataSale) UnpackTokenNotAcceptedError(raw []byte) (*DataSaleTokenNotAccepted, error) {
	out := new(DataSaleTokenNotAccepted)
	if err := dataSale.abi.UnpackIntoInterface(out, "TokenNotAccepted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleZeroAddress represents a ZeroAddress error raised by the DataSale contract.
type DataSaleZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func DataSaleZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (dataSale *DataSale) UnpackZeroAddressError(raw []byte) (*DataSaleZeroAddress, error) {
	out := new(DataSaleZeroAddress)
	if err := dataSale.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleZeroId represents a ZeroId error raised by the DataSale contract.
type DataSaleZeroId struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroId()
func DataSaleZeroIdErrorID() common.Hash {
	return common.HexToHash("0xac8fb3c15e03c389234f061a6117dc397276e9eedc7b834daeb33b6446e1da22")
}

// UnpackZeroIdError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroId()
func (dataSale *DataSale) UnpackZeroIdError(raw []byte) (*DataSaleZeroId, error) {
	out := new(DataSaleZeroId)
	if err := dataSale.abi.UnpackIntoInterface(out, "ZeroId", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DataSaleZeroPrice represents a ZeroPrice error raised by the DataSale contract.
type DataSaleZeroPrice struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroPrice()
func DataSaleZeroPriceErrorID() common.Hash {
	return common.HexToHash("0x4dfba023c19aaad0ad1005b8a52f2ae0c7a1acb3f45ecd31562b980620d65f93")
}

// UnpackZeroPriceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroPrice()
func (dataSale *DataSale) UnpackZeroPriceError(raw []byte) (*DataSaleZeroPrice, error) {
	out := new(DataSaleZeroPrice)
	if err := dataSale.abi.UnpackIntoInterface(out, "ZeroPrice", raw); err != nil {
		return nil, err
	}
	return out, nil
}
