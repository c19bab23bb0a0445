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

// CampaignEscrowCampaign is an auto generated low-level Go binding around an user-defined struct.
type CampaignEscrowCampaign struct {
	Depositor     common.Address
	Deadline      uint64
	Closed        bool
	Token         common.Address
	TargetVotes   uint64
	Payee         common.Address
	PaidVotes     uint64
	BountyPerVote *big.Int
}

// CampaignEscrowMetaData contains all meta data concerning the CampaignEscrow contract.
var CampaignEscrowMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"refundGrace_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"received\",\"type\":\"uint256\"}],\"name\":\"AmountMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"CampaignExists\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"CampaignIsClosed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"name\":\"DeadlineNotInFuture\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"paidVotesAfter\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"targetVotes\",\"type\":\"uint64\"}],\"name\":\"ExceedsTarget\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidTerms\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoVotes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"payoutId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"PayoutAlreadyMade\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"TokenNotAccepted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"closableAt\",\"type\":\"uint256\"}],\"name\":\"TooEarlyToClose\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"UnknownCampaign\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroId\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"payoutId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"votes\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"BountyPaid\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"depositor\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"refunded\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"paidVotes\",\"type\":\"uint64\"}],\"name\":\"CampaignClosed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"depositor\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"targetVotes\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"bountyPerVote\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"CampaignFunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"PayeeSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"OPERATOR_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"campaign\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"depositor\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"closed\",\"type\":\"bool\"},{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"targetVotes\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"paidVotes\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"bountyPerVote\",\"type\":\"uint256\"}],\"internalType\":\"structCampaignEscrow.Campaign\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"close\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"},{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"targetVotes\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"bountyPerVote\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"payeeOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"payoutId\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"votes\",\"type\":\"uint64\"}],\"name\":\"payout\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"payoutId\",\"type\":\"bytes32\"}],\"name\":\"payoutCampaign\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"refundGrace\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"campaignId\",\"type\":\"bytes32\"}],\"name\":\"remaining\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"setPayee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "CampaignEscrow",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161174338038061174383398101604081905261002e91610264565b8483836001600160a01b0383166100585760405163d92e233d60e01b815260040160405180910390fd5b6100625f846100ef565b5061006d8282610198565b505050600161008661008361022560201b60201c565b90565b556001600160a01b0384166100ae5760405163d92e233d60e01b815260040160405180910390fd5b6100d87f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b929856100ef565b506001600160401b0316608052506102d592505050565b5f828152602081815260408083206001600160a01b038516845290915281205460ff1661018f575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556101473390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610192565b505f5b92915050565b6001600160a01b0382166101bf5760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b038281165f8181526001602090815260409182902080546001600160a01b0319169486169485179055905192835290917fb818a444791289034482ccd2bcd8339807038fb1f2f12de96a5dce76f631a9cd910160405180910390a25050565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0090565b80516001600160a01b038116811461025f575f5ffd5b919050565b5f5f5f5f5f60a08688031215610278575f5ffd5b61028186610249565b945061028f60208701610249565b935061029d60408701610249565b92506102ab60608701610249565b60808701519092506001600160401b03811681146102c7575f5ffd5b809150509295509295909350565b60805161144f6102f45f395f818161030201526106dc015261144f5ff3fe608060405234801561000f575f5ffd5b5060043610610106575f3560e01c806391d148541161009e578063acbe79b71161006e578063acbe79b7146102fd578063bc1ed74c1461033c578063d547741f1461034f578063f5b541a614610362578063fe7e05d514610389575f5ffd5b806391d14854146102b15780639b69352b146102c4578063a217fddf146102d7578063a4d824b9146102de575f5ffd5b806336568abe116100d957806336568abe1461018a57806339c79e0c1461019d5780636a8b4a32146101b05780637f1706081461029e575f5ffd5b806301ffc9a71461010a578063072849c914610132578063248a9ca3146101475780632f2ff15d14610177575b5f5ffd5b61011d610118366004611162565b6103c9565b60405190151581526020015b60405180910390f35b61014561014036600461119f565b6103ff565b005b6101696101553660046111d1565b5f9081526020819052604090206001015490565b604051908152602001610129565b6101456101853660046111fc565b61062c565b6101456101983660046111fc565b610650565b6101456101ab3660046111d1565b610688565b6102916101be3660046111d1565b60408051610100810182525f80825260208201819052918101829052606081018290526080810182905260a0810182905260c0810182905260e0810191909152505f9081526002602081815260409283902083516101008101855281546001600160a01b038082168352600160a01b8083046001600160401b0390811696850196909652600160e01b90920460ff1615159683019690965260018301548087166060840152819004841660808301529382015494851660a0820152929093041660c082015260039091015460e082015290565b604051610129919061122a565b6101456102ac3660046112d6565b610829565b61011d6102bf3660046111fc565b610c92565b6101456102d236600461132b565b610cba565b6101695f81565b6101696102ec3660046111d1565b60036020525f908152604090205481565b6103247f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160401b039091168152602001610129565b61016961034a3660046111d1565b610cce565b61014561035d3660046111fc565b610d3f565b6101697f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92981565b6103b1610397366004611357565b60016020525f90815260409020546001600160a01b031681565b6040516001600160a01b039091168152602001610129565b5f6001600160e01b03198216637965db0b60e01b14806103f957506301ffc9a760e01b6001600160e01b03198316145b92915050565b7f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92961042981610d63565b610431610d6d565b8261044f5760405163ac8fb3c160e01b815260040160405180910390fd5b5f61045985610d88565b5f8581526003602052604090205490915080156104985760405163e2c3311f60e01b815260048101869052602481018290526044015b60405180910390fd5b836001600160401b03165f036104c157604051630198e16360e41b815260040160405180910390fd5b60028201545f906104e5906001600160401b0380881691600160a01b900416611386565b6001840154909150600160a01b90046001600160401b031681111561053b576001830154604051639f7b3d9960e01b815260048101839052600160a01b9091046001600160401b0316602482015260440161048f565b6002830180546001600160401b03808416600160a01b0267ffffffffffffffff60a01b19909216919091179091555f87815260036020819052604082208a9055850154909161058c91908816611399565b6002850154604080516001600160401b038a168152602081018490526001600160a01b0390921690820152909150879089907f5c8bde95d64d3470f6eba56e4b82a986aab8d5d5fdf6b1bf22e73ac84104dbf89060600160405180910390a36002840154600185015461060c916001600160a01b03918216911683610df2565b5050505061062660015f5160206113fa5f395f51905f5255565b50505050565b5f8281526020819052604090206001015461064681610d63565b6106268383610e27565b6001600160a01b03811633146106795760405163334bd91960e11b815260040160405180910390fd5b6106838282610eb6565b505050565b610690610d6d565b5f61069a82610d88565b90506106c67f97667070c54ef182b0f5858b034beac1b6f3089aa2d3188bb1e8929f4fa9b92933610c92565b6107335780545f9061070b906001600160401b037f0000000000000000000000000000000000000000000000000000000000000000811691600160a01b900416611386565b9050804210156107315760405163186369c160e21b81526004810182905260240161048f565b505b805460ff60e01b1916600160e01b1781556003810154600282015460018301545f9291610777916001600160401b03600160a01b92839004811692909104166113b0565b6001600160401b031661078a9190611399565b8254600284015460408051848152600160a01b9092046001600160401b031660208301529293506001600160a01b039091169185917ff752fba55b03dc5d533e1a4bf84256bf81249c3c76be0cfe94b71d6f457e76a0910160405180910390a3801561080e578154600183015461080e916001600160a01b03918216911683610df2565b505061082660015f5160206113fa5f395f51905f5255565b50565b610831610d6d565b8461084f5760405163ac8fb3c160e01b815260040160405180910390fd5b5f858152600260205260409020546001600160a01b0316156108875760405163312ce3e160e01b81526004810186905260240161048f565b6001600160401b038316158061089b575081155b156108b957604051630256965f60e01b815260040160405180910390fd5b42816001600160401b0316116108f35760405163dd2d27d760e01b81526001600160401b038216600482015242602482015260440161048f565b5f6108fd85610f1f565b90505f610913846001600160401b038716611399565b9050604051806101000160405280336001600160a01b03168152602001846001600160401b031681526020015f15158152602001876001600160a01b03168152602001866001600160401b03168152602001836001600160a01b031681526020015f6001600160401b031681526020018581525060025f8981526020019081526020015f205f820151815f015f6101000a8154816001600160a01b0302191690836001600160a01b031602179055506020820151815f0160146101000a8154816001600160401b0302191690836001600160401b031602179055506040820151815f01601c6101000a81548160ff0219169083151502179055506060820151816001015f6101000a8154816001600160a01b0302191690836001600160a01b0316021790555060808201518160010160146101000a8154816001600160401b0302191690836001600160401b0316021790555060a0820151816002015f6101000a8154816001600160a01b0302191690836001600160a01b0316021790555060c08201518160020160146101000a8154816001600160401b0302191690836001600160401b0316021790555060e08201518160030155905050856001600160a01b0316336001600160a01b0316887fb33f4e55354be54954614ce311edb680b811cbcbc80a414e8a684a1d00c82ff48489898989604051610b4a9594939291909485526001600160401b039384166020860152604085019290925290911660608301526001600160a01b0316608082015260a00190565b60405180910390a46040516370a0823160e01b81523060048201525f906001600160a01b038816906370a0823190602401602060405180830381865afa158015610b96573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610bba91906113cf565b9050610bd16001600160a01b038816333085610f62565b6040516370a0823160e01b81523060048201525f9082906001600160a01b038a16906370a0823190602401602060405180830381865afa158015610c17573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610c3b91906113cf565b610c4591906113e6565b9050828114610c715760405163ce6b173b60e01b8152600481018490526024810182905260440161048f565b50505050610c8b60015f5160206113fa5f395f51905f5255565b5050505050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b5f610cc481610d63565b6106838383610f98565b5f8181526002602052604081208054600160e01b900460ff1615610cf457505f92915050565b600381015460028201546001830154610d25916001600160401b03600160a01b9182900481169291909104166113b0565b6001600160401b0316610d389190611399565b9392505050565b5f82815260208190526040902060010154610d5981610d63565b6106268383610eb6565b6108268133611025565b610d75611062565b60025f5160206113fa5f395f51905f5255565b5f81815260026020526040902080546001600160a01b0316610dc057604051633c3624df60e01b81526004810183905260240161048f565b8054600160e01b900460ff1615610ded5760405163bcb0978560e01b81526004810183905260240161048f565b919050565b610dff8383836001611093565b61068357604051635274afe760e01b81526001600160a01b038416600482015260240161048f565b5f610e328383610c92565b610eaf575f838152602081815260408083206001600160a01b03861684529091529020805460ff19166001179055610e673390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016103f9565b505f6103f9565b5f610ec18383610c92565b15610eaf575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016103f9565b6001600160a01b038082165f908152600160205260409020541680610ded5760405163f01157c360e01b81526001600160a01b038316600482015260240161048f565b610f708484848460016110f5565b61062657604051635274afe760e01b81526001600160a01b038516600482015260240161048f565b6001600160a01b038216610fbf5760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b038281165f8181526001602090815260409182902080546001600160a01b0319169486169485179055905192835290917fb818a444791289034482ccd2bcd8339807038fb1f2f12de96a5dce76f631a9cd910160405180910390a25050565b61102f8282610c92565b61105e5760405163e2517d3f60e01b81526001600160a01b03821660048201526024810183905260440161048f565b5050565b5f5160206113fa5f395f51905f525460020361109157604051633ee5aeb560e01b815260040160405180910390fd5b565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166110e95783831516156110dd573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316611151578383151615611145573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f60208284031215611172575f5ffd5b81356001600160e01b031981168114610d38575f5ffd5b80356001600160401b0381168114610ded575f5ffd5b5f5f5f606084860312156111b1575f5ffd5b83359250602084013591506111c860408501611189565b90509250925092565b5f602082840312156111e1575f5ffd5b5035919050565b6001600160a01b0381168114610826575f5ffd5b5f5f6040838503121561120d575f5ffd5b82359150602083013561121f816111e8565b809150509250929050565b81516001600160a01b031681526020808301516001600160401b031690820152604080830151151590820152606080830151610100830191611276908401826001600160a01b03169052565b50608083015161129160808401826001600160401b03169052565b5060a08301516112ac60a08401826001600160a01b03169052565b5060c08301516112c760c08401826001600160401b03169052565b5060e092830151919092015290565b5f5f5f5f5f60a086880312156112ea575f5ffd5b8535945060208601356112fc816111e8565b935061130a60408701611189565b92506060860135915061131f60808701611189565b90509295509295909350565b5f5f6040838503121561133c575f5ffd5b8235611347816111e8565b9150602083013561121f816111e8565b5f60208284031215611367575f5ffd5b8135610d38816111e8565b634e487b7160e01b5f52601160045260245ffd5b808201808211156103f9576103f9611372565b80820281158282048414176103f9576103f9611372565b6001600160401b0382811682821603908111156103f9576103f9611372565b5f602082840312156113df575f5ffd5b5051919050565b818103818111156103f9576103f961137256fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a26469706673582212204313df4487419bedb2770c7b881ad19d87bc81183e2c1a596417864050c79ede64736f6c634300081e0033",
}

// CampaignEscrow is an auto generated Go binding around an Ethereum contract.
type CampaignEscrow struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *CampaignEscrow) GetABI() abi.ABI {
	return c.abi
}

// NewCampaignEscrow creates a new instance of CampaignEscrow.
func NewCampaignEscrow() *CampaignEscrow {
	parsed, err := CampaignEscrowMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &CampaignEscrow{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *CampaignEscrow) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address admin, address operator, address token, address payee, uint64 refundGrace_) returns()
func (campaignEscrow *CampaignEscrow) PackConstructor(admin common.Address, operator common.Address, token common.Address, payee common.Address, refundGrace_ uint64) []byte {
	enc, err := campaignEscrow.abi.Pack("", admin, operator, token, payee, refundGrace_)
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
func (campaignEscrow *CampaignEscrow) PackDEFAULTADMINROLE() []byte {
	enc, err := campaignEscrow.abi.Pack("DEFAULT_ADMIN_ROLE")
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
func (campaignEscrow *CampaignEscrow) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return campaignEscrow.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (campaignEscrow *CampaignEscrow) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := campaignEscrow.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
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
func (campaignEscrow *CampaignEscrow) PackOPERATORROLE() []byte {
	enc, err := campaignEscrow.abi.Pack("OPERATOR_ROLE")
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
func (campaignEscrow *CampaignEscrow) TryPackOPERATORROLE() ([]byte, error) {
	return campaignEscrow.abi.Pack("OPERATOR_ROLE")
}

// UnpackOPERATORROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf5b541a6.
//
// Solidity: function OPERATOR_ROLE() view returns(bytes32)
func (campaignEscrow *CampaignEscrow) UnpackOPERATORROLE(data []byte) ([32]byte, error) {
	out, err := campaignEscrow.abi.Unpack("OPERATOR_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCampaign is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a8b4a32.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function campaign(bytes32 campaignId) view returns((address,uint64,bool,address,uint64,address,uint64,uint256))
func (campaignEscrow *CampaignEscrow) PackCampaign(campaignId [32]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("campaign", campaignId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCampaign is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a8b4a32.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function campaign(bytes32 campaignId) view returns((address,uint64,bool,address,uint64,address,uint64,uint256))
func (campaignEscrow *CampaignEscrow) TryPackCampaign(campaignId [32]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("campaign", campaignId)
}

// UnpackCampaign is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6a8b4a32.
//
// Solidity: function campaign(bytes32 campaignId) view returns((address,uint64,bool,address,uint64,address,uint64,uint256))
func (campaignEscrow *CampaignEscrow) UnpackCampaign(data []byte) (CampaignEscrowCampaign, error) {
	out, err := campaignEscrow.abi.Unpack("campaign", data)
	if err != nil {
		return *new(CampaignEscrowCampaign), err
	}
	out0 := *abi.ConvertType(out[0], new(CampaignEscrowCampaign)).(*CampaignEscrowCampaign)
	return out0, nil
}

// PackClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x39c79e0c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function close(bytes32 campaignId) returns()
func (campaignEscrow *CampaignEscrow) PackClose(campaignId [32]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("close", campaignId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x39c79e0c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function close(bytes32 campaignId) returns()
func (campaignEscrow *CampaignEscrow) TryPackClose(campaignId [32]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("close", campaignId)
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f170608.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(bytes32 campaignId, address token, uint64 targetVotes, uint256 bountyPerVote, uint64 deadline) returns()
func (campaignEscrow *CampaignEscrow) PackDeposit(campaignId [32]byte, token common.Address, targetVotes uint64, bountyPerVote *big.Int, deadline uint64) []byte {
	enc, err := campaignEscrow.abi.Pack("deposit", campaignId, token, targetVotes, bountyPerVote, deadline)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f170608.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(bytes32 campaignId, address token, uint64 targetVotes, uint256 bountyPerVote, uint64 deadline) returns()
func (campaignEscrow *CampaignEscrow) TryPackDeposit(campaignId [32]byte, token common.Address, targetVotes uint64, bountyPerVote *big.Int, deadline uint64) ([]byte, error) {
	return campaignEscrow.abi.Pack("deposit", campaignId, token, targetVotes, bountyPerVote, deadline)
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (campaignEscrow *CampaignEscrow) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("getRoleAdmin", role)
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
func (campaignEscrow *CampaignEscrow) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (campaignEscrow *CampaignEscrow) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := campaignEscrow.abi.Unpack("getRoleAdmin", data)
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
func (campaignEscrow *CampaignEscrow) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("grantRole", role, account)
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
func (campaignEscrow *CampaignEscrow) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (campaignEscrow *CampaignEscrow) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("hasRole", role, account)
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
func (campaignEscrow *CampaignEscrow) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (campaignEscrow *CampaignEscrow) UnpackHasRole(data []byte) (bool, error) {
	out, err := campaignEscrow.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPayeeOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe7e05d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payeeOf(address token) view returns(address)
func (campaignEscrow *CampaignEscrow) PackPayeeOf(token common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("payeeOf", token)
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
func (campaignEscrow *CampaignEscrow) TryPackPayeeOf(token common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("payeeOf", token)
}

// UnpackPayeeOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfe7e05d5.
//
// Solidity: function payeeOf(address token) view returns(address)
func (campaignEscrow *CampaignEscrow) UnpackPayeeOf(data []byte) (common.Address, error) {
	out, err := campaignEscrow.abi.Unpack("payeeOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x072849c9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payout(bytes32 campaignId, bytes32 payoutId, uint64 votes) returns()
func (campaignEscrow *CampaignEscrow) PackPayout(campaignId [32]byte, payoutId [32]byte, votes uint64) []byte {
	enc, err := campaignEscrow.abi.Pack("payout", campaignId, payoutId, votes)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x072849c9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function payout(bytes32 campaignId, bytes32 payoutId, uint64 votes) returns()
func (campaignEscrow *CampaignEscrow) TryPackPayout(campaignId [32]byte, payoutId [32]byte, votes uint64) ([]byte, error) {
	return campaignEscrow.abi.Pack("payout", campaignId, payoutId, votes)
}

// PackPayoutCampaign is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4d824b9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payoutCampaign(bytes32 payoutId) view returns(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) PackPayoutCampaign(payoutId [32]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("payoutCampaign", payoutId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPayoutCampaign is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4d824b9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function payoutCampaign(bytes32 payoutId) view returns(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) TryPackPayoutCampaign(payoutId [32]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("payoutCampaign", payoutId)
}

// UnpackPayoutCampaign is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa4d824b9.
//
// Solidity: function payoutCampaign(bytes32 payoutId) view returns(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) UnpackPayoutCampaign(data []byte) ([32]byte, error) {
	out, err := campaignEscrow.abi.Unpack("payoutCampaign", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRefundGrace is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xacbe79b7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function refundGrace() view returns(uint64)
func (campaignEscrow *CampaignEscrow) PackRefundGrace() []byte {
	enc, err := campaignEscrow.abi.Pack("refundGrace")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRefundGrace is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xacbe79b7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function refundGrace() view returns(uint64)
func (campaignEscrow *CampaignEscrow) TryPackRefundGrace() ([]byte, error) {
	return campaignEscrow.abi.Pack("refundGrace")
}

// UnpackRefundGrace is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xacbe79b7.
//
// Solidity: function refundGrace() view returns(uint64)
func (campaignEscrow *CampaignEscrow) UnpackRefundGrace(data []byte) (uint64, error) {
	out, err := campaignEscrow.abi.Unpack("refundGrace", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRemaining is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc1ed74c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function remaining(bytes32 campaignId) view returns(uint256)
func (campaignEscrow *CampaignEscrow) PackRemaining(campaignId [32]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("remaining", campaignId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemaining is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc1ed74c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function remaining(bytes32 campaignId) view returns(uint256)
func (campaignEscrow *CampaignEscrow) TryPackRemaining(campaignId [32]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("remaining", campaignId)
}

// UnpackRemaining is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc1ed74c.
//
// Solidity: function remaining(bytes32 campaignId) view returns(uint256)
func (campaignEscrow *CampaignEscrow) UnpackRemaining(data []byte) (*big.Int, error) {
	out, err := campaignEscrow.abi.Unpack("remaining", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (campaignEscrow *CampaignEscrow) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("renounceRole", role, callerConfirmation)
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
func (campaignEscrow *CampaignEscrow) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (campaignEscrow *CampaignEscrow) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("revokeRole", role, account)
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
func (campaignEscrow *CampaignEscrow) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("revokeRole", role, account)
}

// PackSetPayee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b69352b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setPayee(address token, address payee) returns()
func (campaignEscrow *CampaignEscrow) PackSetPayee(token common.Address, payee common.Address) []byte {
	enc, err := campaignEscrow.abi.Pack("setPayee", token, payee)
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
func (campaignEscrow *CampaignEscrow) TryPackSetPayee(token common.Address, payee common.Address) ([]byte, error) {
	return campaignEscrow.abi.Pack("setPayee", token, payee)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (campaignEscrow *CampaignEscrow) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := campaignEscrow.abi.Pack("supportsInterface", interfaceId)
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
func (campaignEscrow *CampaignEscrow) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return campaignEscrow.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (campaignEscrow *CampaignEscrow) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := campaignEscrow.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// CampaignEscrowBountyPaid represents a BountyPaid event raised by the CampaignEscrow contract.
type CampaignEscrowBountyPaid struct {
	CampaignId [32]byte
	PayoutId   [32]byte
	Votes      uint64
	Amount     *big.Int
	Payee      common.Address
	Raw        *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowBountyPaidEventName = "BountyPaid"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowBountyPaid) ContractEventName() string {
	return CampaignEscrowBountyPaidEventName
}

// UnpackBountyPaidEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BountyPaid(bytes32 indexed campaignId, bytes32 indexed payoutId, uint64 votes, uint256 amount, address payee)
func (campaignEscrow *CampaignEscrow) UnpackBountyPaidEvent(log *types.Log) (*CampaignEscrowBountyPaid, error) {
	event := "BountyPaid"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowBountyPaid)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowCampaignClosed represents a CampaignClosed event raised by the CampaignEscrow contract.
type CampaignEscrowCampaignClosed struct {
	CampaignId [32]byte
	Depositor  common.Address
	Refunded   *big.Int
	PaidVotes  uint64
	Raw        *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowCampaignClosedEventName = "CampaignClosed"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowCampaignClosed) ContractEventName() string {
	return CampaignEscrowCampaignClosedEventName
}

// UnpackCampaignClosedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CampaignClosed(bytes32 indexed campaignId, address indexed depositor, uint256 refunded, uint64 paidVotes)
func (campaignEscrow *CampaignEscrow) UnpackCampaignClosedEvent(log *types.Log) (*CampaignEscrowCampaignClosed, error) {
	event := "CampaignClosed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowCampaignClosed)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowCampaignFunded represents a CampaignFunded event raised by the CampaignEscrow contract.
type CampaignEscrowCampaignFunded struct {
	CampaignId    [32]byte
	Depositor     common.Address
	Token         common.Address
	Amount        *big.Int
	TargetVotes   uint64
	BountyPerVote *big.Int
	Deadline      uint64
	Payee         common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowCampaignFundedEventName = "CampaignFunded"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowCampaignFunded) ContractEventName() string {
	return CampaignEscrowCampaignFundedEventName
}

// UnpackCampaignFundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CampaignFunded(bytes32 indexed campaignId, address indexed depositor, address indexed token, uint256 amount, uint64 targetVotes, uint256 bountyPerVote, uint64 deadline, address payee)
func (campaignEscrow *CampaignEscrow) UnpackCampaignFundedEvent(log *types.Log) (*CampaignEscrowCampaignFunded, error) {
	event := "CampaignFunded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowCampaignFunded)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowPayeeSet represents a PayeeSet event raised by the CampaignEscrow contract.
type CampaignEscrowPayeeSet struct {
	Token common.Address
	Payee common.Address
	Raw   *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowPayeeSetEventName = "PayeeSet"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowPayeeSet) ContractEventName() string {
	return CampaignEscrowPayeeSetEventName
}

// UnpackPayeeSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PayeeSet(address indexed token, address payee)
func (campaignEscrow *CampaignEscrow) UnpackPayeeSetEvent(log *types.Log) (*CampaignEscrowPayeeSet, error) {
	event := "PayeeSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowPayeeSet)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowRoleAdminChanged represents a RoleAdminChanged event raised by the CampaignEscrow contract.
type CampaignEscrowRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowRoleAdminChanged) ContractEventName() string {
	return CampaignEscrowRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (campaignEscrow *CampaignEscrow) UnpackRoleAdminChangedEvent(log *types.Log) (*CampaignEscrowRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowRoleGranted represents a RoleGranted event raised by the CampaignEscrow contract.
type CampaignEscrowRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowRoleGranted) ContractEventName() string {
	return CampaignEscrowRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (campaignEscrow *CampaignEscrow) UnpackRoleGrantedEvent(log *types.Log) (*CampaignEscrowRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowRoleGranted)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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

// CampaignEscrowRoleRevoked represents a RoleRevoked event raised by the CampaignEscrow contract.
type CampaignEscrowRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const CampaignEscrowRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (CampaignEscrowRoleRevoked) ContractEventName() string {
	return CampaignEscrowRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (campaignEscrow *CampaignEscrow) UnpackRoleRevokedEvent(log *types.Log) (*CampaignEscrowRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != campaignEscrow.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(CampaignEscrowRoleRevoked)
	if len(log.Data) > 0 {
		if err := campaignEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range campaignEscrow.abi.Events[event].Inputs {
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
func (campaignEscrow *CampaignEscrow) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["AmountMismatch"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackAmountMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["CampaignExists"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackCampaignExistsError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["CampaignIsClosed"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackCampaignIsClosedError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["DeadlineNotInFuture"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackDeadlineNotInFutureError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["ExceedsTarget"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackExceedsTargetError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["InvalidTerms"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackInvalidTermsError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["NoVotes"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackNoVotesError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["PayoutAlreadyMade"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackPayoutAlreadyMadeError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["TokenNotAccepted"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackTokenNotAcceptedError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["TooEarlyToClose"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackTooEarlyToCloseError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["UnknownCampaign"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackUnknownCampaignError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], campaignEscrow.abi.Errors["ZeroId"].ID.Bytes()[:4]) {
		return campaignEscrow.UnpackZeroIdError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// CampaignEscrowAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the CampaignEscrow contract.
type CampaignEscrowAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func CampaignEscrowAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (campaignEscrow *CampaignEscrow) UnpackAccessControlBadConfirmationError(raw []byte) (*CampaignEscrowAccessControlBadConfirmation, error) {
	out := new(CampaignEscrowAccessControlBadConfirmation)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the CampaignEscrow contract.
type CampaignEscrowAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func CampaignEscrowAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (campaignEscrow *CampaignEscrow) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*CampaignEscrowAccessControlUnauthorizedAccount, error) {
	out := new(CampaignEscrowAccessControlUnauthorizedAccount)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowAmountMismatch represents a AmountMismatch error raised by the CampaignEscrow contract.
type CampaignEscrowAmountMismatch struct {
	Expected *big.Int
	Received *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountMismatch(uint256 expected, uint256 received)
func CampaignEscrowAmountMismatchErrorID() common.Hash {
	return common.HexToHash("0xce6b173bdc80cd4e429785d8c1033e1abb094f8a9b51d09415e0bcd51ce1e321")
}

// UnpackAmountMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountMismatch(uint256 expected, uint256 received)
func (campaignEscrow *CampaignEscrow) UnpackAmountMismatchError(raw []byte) (*CampaignEscrowAmountMismatch, error) {
	out := new(CampaignEscrowAmountMismatch)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "AmountMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowCampaignExists represents a CampaignExists error raised by the CampaignEscrow contract.
type CampaignEscrowCampaignExists struct {
	CampaignId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CampaignExists(bytes32 campaignId)
func CampaignEscrowCampaignExistsErrorID() common.Hash {
	return common.HexToHash("0x312ce3e1a79c6b45911dbba6777150748f49f4a85e23a279dee06352b11919a9")
}

// UnpackCampaignExistsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CampaignExists(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) UnpackCampaignExistsError(raw []byte) (*CampaignEscrowCampaignExists, error) {
	out := new(CampaignEscrowCampaignExists)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "CampaignExists", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowCampaignIsClosed represents a CampaignIsClosed error raised by the CampaignEscrow contract.
type CampaignEscrowCampaignIsClosed struct {
	CampaignId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CampaignIsClosed(bytes32 campaignId)
func CampaignEscrowCampaignIsClosedErrorID() common.Hash {
	return common.HexToHash("0xbcb097853981d8702bb131ab0edc565a2392a585f94f02d26c5246d3a4c3205f")
}

// UnpackCampaignIsClosedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CampaignIsClosed(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) UnpackCampaignIsClosedError(raw []byte) (*CampaignEscrowCampaignIsClosed, error) {
	out := new(CampaignEscrowCampaignIsClosed)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "CampaignIsClosed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowDeadlineNotInFuture represents a DeadlineNotInFuture error raised by the CampaignEscrow contract.
type CampaignEscrowDeadlineNotInFuture struct {
	Deadline  uint64
	BlockTime *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DeadlineNotInFuture(uint64 deadline, uint256 blockTime)
func CampaignEscrowDeadlineNotInFutureErrorID() common.Hash {
	return common.HexToHash("0xdd2d27d7248ac55df9e43d621c865c4b25cb3ff52b2806e3455df18515d6f4a8")
}

// UnpackDeadlineNotInFutureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DeadlineNotInFuture(uint64 deadline, uint256 blockTime)
func (campaignEscrow *CampaignEscrow) UnpackDeadlineNotInFutureError(raw []byte) (*CampaignEscrowDeadlineNotInFuture, error) {
	out := new(CampaignEscrowDeadlineNotInFuture)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "DeadlineNotInFuture", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowExceedsTarget represents a ExceedsTarget error raised by the CampaignEscrow contract.
type CampaignEscrowExceedsTarget struct {
	PaidVotesAfter *big.Int
	TargetVotes    uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExceedsTarget(uint256 paidVotesAfter, uint64 targetVotes)
func CampaignEscrowExceedsTargetErrorID() common.Hash {
	return common.HexToHash("0x9f7b3d99e062478fbc5e561bc1c55a6bfba3bb7028d07e29f79ffdd2bc6224fc")
}

// UnpackExceedsTargetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExceedsTarget(uint256 paidVotesAfter, uint64 targetVotes)
func (campaignEscrow *CampaignEscrow) UnpackExceedsTargetError(raw []byte) (*CampaignEscrowExceedsTarget, error) {
	out := new(CampaignEscrowExceedsTarget)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "ExceedsTarget", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowInvalidTerms represents a InvalidTerms error raised by the CampaignEscrow contract.
type CampaignEscrowInvalidTerms struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidTerms()
func CampaignEscrowInvalidTermsErrorID() common.Hash {
	return common.HexToHash("0x0256965f9b387bc8ec6c98cf0ff582eaf117751bcb03b5eac94f4b122d4a5fc9")
}

// UnpackInvalidTermsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidTerms()
func (campaignEscrow *CampaignEscrow) UnpackInvalidTermsError(raw []byte) (*CampaignEscrowInvalidTerms, error) {
	out := new(CampaignEscrowInvalidTerms)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "InvalidTerms", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowNoVotes represents a NoVotes error raised by the CampaignEscrow contract.
type CampaignEscrowNoVotes struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoVotes()
func CampaignEscrowNoVotesErrorID() common.Hash {
	return common.HexToHash("0x198e1630990cc23f884df2a1d8985b41592689f10edb31c5405f2f6cf078ea58")
}

// UnpackNoVotesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoVotes()
func (campaignEscrow *CampaignEscrow) UnpackNoVotesError(raw []byte) (*CampaignEscrowNoVotes, error) {
	out := new(CampaignEscrowNoVotes)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "NoVotes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowPayoutAlreadyMade represents a PayoutAlreadyMade error raised by the CampaignEscrow contract.
type CampaignEscrowPayoutAlreadyMade struct {
	PayoutId   [32]byte
	CampaignId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PayoutAlreadyMade(bytes32 payoutId, bytes32 campaignId)
func CampaignEscrowPayoutAlreadyMadeErrorID() common.Hash {
	return common.HexToHash("0xe2c3311f9865b4be4c1f19d9b482fd336beac6239d333c1a293c22be647c0584")
}

// UnpackPayoutAlreadyMadeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PayoutAlreadyMade(bytes32 payoutId, bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) UnpackPayoutAlreadyMadeError(raw []byte) (*CampaignEscrowPayoutAlreadyMade, error) {
	out := new(CampaignEscrowPayoutAlreadyMade)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "PayoutAlreadyMade", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the CampaignEscrow contract.
type CampaignEscrowReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func CampaignEscrowReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (campaignEscrow *CampaignEscrow) UnpackReentrancyGuardReentrantCallError(raw []byte) (*CampaignEscrowReentrancyGuardReentrantCall, error) {
	out := new(CampaignEscrowReentrancyGuardReentrantCall)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the CampaignEscrow contract.
type CampaignEscrowSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func CampaignEscrowSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (campaignEscrow *CampaignEscrow) UnpackSafeERC20FailedOperationError(raw []byte) (*CampaignEscrowSafeERC20FailedOperation, error) {
	out := new(CampaignEscrowSafeERC20FailedOperation)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowTokenNotAccepted represents a TokenNotAccepted error raised by the CampaignEscrow contract.
type CampaignEscrowTokenNotAccepted struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TokenNotAccepted(address token)
func CampaignEscrowTokenNotAcceptedErrorID() common.Hash {
	return common.HexToHash("0xf01157c3e966b3194fda1c8303c7e98e0bdbd7936db03399f43366dcc1086c86")
}

// UnpackTokenNotAcceptedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TokenNotAccepted(address token)
func (campaignEscrow *CampaignEscrow) UnpackTokenNotAcceptedError(raw []byte) (*CampaignEscrowTokenNotAccepted, error) {
	out := new(CampaignEscrowTokenNotAccepted)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "TokenNotAccepted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowTooEarlyToClose represents a TooEarlyToClose error raised by the CampaignEscrow contract.
type CampaignEscrowTooEarlyToClose struct {
	ClosableAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooEarlyToClose(uint256 closableAt)
func CampaignEscrowTooEarlyToCloseErrorID() common.Hash {
	return common.HexToHash("0x618da70474ddfde6c20ab594cb6627a18230c3b263fd4cc24fc5abd04260fc63")
}

// UnpackTooEarlyToCloseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooEarlyToClose(uint256 closableAt)
func (campaignEscrow *CampaignEscrow) UnpackTooEarlyToCloseError(raw []byte) (*CampaignEscrowTooEarlyToClose, error) {
	out := new(CampaignEscrowTooEarlyToClose)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "TooEarlyToClose", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowUnknownCampaign represents a UnknownCampaign error raised by the CampaignEscrow contract.
type CampaignEscrowUnknownCampaign struct {
	CampaignId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownCampaign(bytes32 campaignId)
func CampaignEscrowUnknownCampaignErrorID() common.Hash {
	return common.HexToHash("0x3c3624dfda316f18b189a51614be5b83d5defd1350817eb7d7678383c7b6f232")
}

// UnpackUnknownCampaignError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownCampaign(bytes32 campaignId)
func (campaignEscrow *CampaignEscrow) UnpackUnknownCampaignError(raw []byte) (*CampaignEscrowUnknownCampaign, error) {
	out := new(CampaignEscrowUnknownCampaign)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "UnknownCampaign", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowZeroAddress represents a ZeroAddress error raised by the CampaignEscrow contract.
type CampaignEscrowZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func CampaignEscrowZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (campaignEscrow *CampaignEscrow) UnpackZeroAddressError(raw []byte) (*CampaignEscrowZeroAddress, error) {
	out := new(CampaignEscrowZeroAddress)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// CampaignEscrowZeroId represents a ZeroId error raised by the CampaignEscrow contract.
type CampaignEscrowZeroId struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroId()
func CampaignEscrowZeroIdErrorID() common.Hash {
	return common.HexToHash("0xac8fb3c15e03c389234f061a6117dc397276e9eedc7b834daeb33b6446e1da22")
}

// UnpackZeroIdError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroId()
func (campaignEscrow *CampaignEscrow) UnpackZeroIdError(raw []byte) (*CampaignEscrowZeroId, error) {
	out := new(CampaignEscrowZeroId)
	if err := campaignEscrow.abi.UnpackIntoInterface(out, "ZeroId", raw); err != nil {
		return nil, err
	}
	return out, nil
}
