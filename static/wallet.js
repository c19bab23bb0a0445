// The wallet page, enhanced: link a wallet by signing the Sign-In with Ethereum message
// in a browser wallet (EIP-1193: eth_requestAccounts, personal_sign), and claim tokens by
// sending the calldata the server packed (eth_sendTransaction). Without a browser wallet,
// or without this module, the page's plain forms and the calldata shown work instead.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const eth = window.ethereum;

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? `The server answered ${res.status}.`);
  return data;
}

// walletError turns an EIP-1193 error into words.
function walletError(e) {
  if (e?.code === 4001) return 'You declined the request in your wallet.';
  if (e?.code === 4902) return 'Your wallet does not know this chain; add it first.';
  return e?.message ?? String(e);
}

function hexUTF8(s) {
  return '0x' + [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function ensureChain(chainId) {
  const want = '0x' + Number(chainId).toString(16);
  const have = await eth.request({ method: 'eth_chainId' });
  if (have?.toLowerCase() === want) return;
  await eth.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: want }] });
}

const connectArea = document.getElementById('wallet-connect-area');
const connect = document.getElementById('wallet-connect');
const status = document.getElementById('wallet-status');
if (connect && eth) {
  connectArea.hidden = false;
  connect.addEventListener('click', async () => {
    connect.disabled = true;
    try {
      status.textContent = 'Waiting for your wallet…';
      const [address] = await eth.request({ method: 'eth_requestAccounts' });
      if (!address) throw new Error('Your wallet shared no account.');
      const { message } = await api('POST', '/api/wallet/nonce', { address });
      status.textContent = 'Sign the message in your wallet…';
      const signature = await eth.request({ method: 'personal_sign', params: [hexUTF8(message), address] });
      const linked = await api('POST', '/api/wallet/link', { message, signature });
      status.textContent = `Linked ${linked.address}.`;
      location.reload();
    } catch (e) {
      status.textContent = walletError(e);
    } finally {
      connect.disabled = false;
    }
  });
}

const claim = document.getElementById('claim-button');
const claimStatus = document.getElementById('claim-status');
if (claim && eth) {
  claim.hidden = false;
  claim.addEventListener('click', async () => {
    claim.disabled = true;
    try {
      await ensureChain(claim.dataset.chainId);
      const [from] = await eth.request({ method: 'eth_requestAccounts' });
      claimStatus.textContent = 'Confirm the claim in your wallet…';
      const hash = await eth.request({
        method: 'eth_sendTransaction',
        params: [{ from, to: claim.dataset.distributor, data: claim.dataset.calldata }],
      });
      claimStatus.textContent = `Claim sent in transaction ${hash}. The tokens arrive once it is mined.`;
    } catch (e) {
      claimStatus.textContent = walletError(e);
      claim.disabled = false;
    }
  });
} else if (claim && claimStatus) {
  claimStatus.textContent = 'No browser wallet found: send the calldata below with any wallet instead.';
}
