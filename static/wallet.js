// The wallet page, enhanced: link a wallet by signing the Sign-In with Ethereum message
// in a browser wallet (EIP-1193: eth_requestAccounts, personal_sign), and claim tokens by
// sending the calldata the server packed (eth_sendTransaction), explaining a refusal
// from its revert data and waiting for the receipt. Without a browser wallet,
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

// claimErrors explains the distributor's custom errors by selector; the server renders it
// from the table its tests check against the contracts' ABI.
const claimErrors = JSON.parse(document.getElementById('claim-errors')?.textContent || '{}');

// revertData finds the revert data in an EIP-1193 error. Wallets put it in different
// places (error.data as hex, error.data.data, error.data.originalError.data, error.error,
// error.cause), so every nested object is searched for the first hex string.
function revertData(e, depth = 0) {
  if (e == null || depth > 5) return null;
  if (typeof e === 'string') return /^0x[0-9a-fA-F]{8,}$/.test(e) ? e : null;
  if (typeof e !== 'object') return null;
  for (const k of ['data', 'originalError', 'error', 'cause', 'info']) {
    const d = revertData(e[k], depth + 1);
    if (d) return d;
  }
  return null;
}

// explainRevert turns revert data into a sentence saying what happened and what to do.
function explainRevert(data) {
  const selector = data.slice(0, 10).toLowerCase();
  if (selector === '0x08c379a0') return 'The distributor refused the claim with a message from the contract; reload the page and try again.';
  const known = claimErrors[selector];
  if (known) return known.explain;
  return `The distributor refused the claim with an error this page does not know (${selector}). Reload the page and try again; if it keeps failing, tell the operator.`;
}

class ClaimRefused extends Error {}

// refusal is the wallet's error in words: a decoded contract error if it carries one.
function refusal(e) {
  if (e instanceof ClaimRefused) return e.message;
  const data = revertData(e);
  return data ? explainRevert(data) : walletError(e);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// waitReceipt polls the wallet's node until the transaction is mined.
async function waitReceipt(hash) {
  for (;;) {
    const r = await eth.request({ method: 'eth_getTransactionReceipt', params: [hash] });
    if (r) return r;
    await sleep(1000);
  }
}

// tokens formats base units as whole tokens (18 decimals), like the server's Tokens.
function tokens(units) {
  const n = BigInt(units);
  const whole = n / 10n ** 18n;
  const frac = (n % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

// refreshBalance shows what the server now says was claimed and is left to claim.
async function refreshBalance() {
  const proof = await api('GET', '/api/rewards/proof');
  const claimable = document.getElementById('claimable');
  const claimed = document.getElementById('claimed');
  if (proof.claimable != null && claimable) {
    claimable.textContent = `${tokens(proof.claimable)} ARENA`;
    claimable.dataset.units = proof.claimable;
  }
  if (proof.claimed != null && claimed) claimed.textContent = `${tokens(proof.claimed)} ARENA`;
  return proof;
}

const claim = document.getElementById('claim-button');
const claimStatus = document.getElementById('claim-status');
if (claim && eth) {
  claim.hidden = false;
  claim.addEventListener('click', async () => {
    claim.disabled = true;
    let done = false;
    try {
      await ensureChain(claim.dataset.chainId);
      const [from] = await eth.request({ method: 'eth_requestAccounts' });
      const tx = { from, to: claim.dataset.distributor, data: claim.dataset.calldata };
      claimStatus.dataset.state = 'checking';
      claimStatus.textContent = 'Checking the claim with the distributor…';
      // A claim the contract would refuse is explained before the wallet asks to sign.
      await eth.request({ method: 'eth_estimateGas', params: [tx] });
      claimStatus.textContent = 'Confirm the claim in your wallet…';
      const hash = await eth.request({ method: 'eth_sendTransaction', params: [tx] });
      claimStatus.dataset.state = 'pending';
      claimStatus.textContent = `Claim sent in transaction ${hash}; waiting for it to be mined…`;
      const receipt = await waitReceipt(hash);
      if (receipt.status !== '0x1') {
        // A receipt carries no revert data: the same call at the block it failed in
        // reverts again, with the reason.
        try {
          await eth.request({ method: 'eth_call', params: [tx, receipt.blockNumber] });
        } catch (e) {
          const data = revertData(e);
          if (data) throw new ClaimRefused(`The claim transaction ${hash} failed: ${explainRevert(data)}`);
        }
        throw new ClaimRefused(`The claim transaction ${hash} failed on chain; reload the page and try again.`);
      }
      claimStatus.dataset.state = 'claimed';
      claimStatus.textContent = `Claimed in transaction ${hash}: the tokens are in your wallet.`;
      const proof = await refreshBalance().catch(() => null);
      done = proof?.claimable === '0';
      if (done) claim.hidden = true;
    } catch (e) {
      claimStatus.dataset.state = 'refused';
      claimStatus.textContent = refusal(e);
    } finally {
      if (!done) claim.disabled = false;
    }
  });
} else if (claim && claimStatus) {
  claimStatus.textContent = 'No browser wallet found: send the calldata below with any wallet instead.';
}
