package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
)

// The flag families of `arena serve`, each turned into its section of app.Config.

// qualityOptions are the vote-quality flags of `arena serve` (kept here, beside the
// simulation that measures them).
type qualityOptions struct {
	goldRate         float64
	qualification    arena.Qualification
	excludeBelow     float64
	moderationList   string
	moderationURL    string
	moderationKeyEnv string
	noQuality        bool
}

func addQualityFlags(fs *flag.FlagSet, env *Env, o *qualityOptions) error {
	policy := arena.DefaultQualityPolicy()
	gold, err := envFloat(env, "ARENA_GOLD_RATE", 0.02)
	if err != nil {
		return err
	}
	exclude, err := envFloat(env, "ARENA_QUALITY_EXCLUDE_BELOW", policy.ExcludeBelow)
	if err != nil {
		return err
	}
	fs.Float64Var(&o.goldRate, "gold-rate", gold, "share of battles that are gold battles, with one side deliberately broken (env ARENA_GOLD_RATE)")
	defQ := arena.DefaultQualification()
	qBattles, err := envInt(env, "ARENA_QUALIFY_BATTLES", defQ.Battles)
	if err != nil {
		return err
	}
	qGold, err := envFloat(env, "ARENA_QUALIFY_GOLD_RATE", defQ.GoldRate)
	if err != nil {
		return err
	}
	fs.IntVar(&o.qualification.Battles, "qualify-battles", qBattles, "a rater's first this many anonymous battles are their qualification, with more gold battles; 0 for none (env ARENA_QUALIFY_BATTLES)")
	fs.Float64Var(&o.qualification.GoldRate, "qualify-gold-rate", qGold, "share of the qualification battles that are gold battles (env ARENA_QUALIFY_GOLD_RATE)")
	fs.Float64Var(&o.excludeBelow, "quality-exclude-below", exclude, "votes scoring below this (0 to 1) stay out of leaderboards and datasets; 0 keeps all (env ARENA_QUALITY_EXCLUDE_BELOW)")
	fs.StringVar(&o.moderationList, "moderation-list", envString(env, "ARENA_MODERATION_LIST", ""), "file of words and patterns, one per line, that flag prompts out of public datasets; default: the built-in list (env ARENA_MODERATION_LIST)")
	fs.StringVar(&o.moderationURL, "moderation-url", envString(env, "ARENA_MODERATION_URL", ""), "base URL of an OpenAI-compatible moderation endpoint, e.g. https://api.openai.com/v1, checked besides the list (env ARENA_MODERATION_URL)")
	fs.StringVar(&o.moderationKeyEnv, "moderation-key-env", envString(env, "ARENA_MODERATION_KEY_ENV", ""), "name of the environment variable holding the moderation endpoint's API key (env ARENA_MODERATION_KEY_ENV)")
	fs.BoolVar(&o.noQuality, "no-vote-quality", env.Getenv("ARENA_NO_VOTE_QUALITY") == "1", "turn off vote scoring, gold battles, moderation and Sybil detection (env ARENA_NO_VOTE_QUALITY=1)")
	return nil
}

func envFloat(env *Env, key string, def float64) (float64, error) {
	v := env.Getenv(key)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a number", key, v)
	}
	return f, nil
}

// config turns the quality flags into the app's quality section.
func (o *qualityOptions) config(env *Env) (*app.QualityConfig, error) {
	if o.noQuality {
		return &app.QualityConfig{Off: true}, nil
	}
	policy := arena.DefaultQualityPolicy()
	policy.ExcludeBelow = o.excludeBelow
	var mods arena.Moderators
	if o.moderationList != "" {
		m, err := arena.LoadModerationList(o.moderationList)
		if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	} else {
		mods = append(mods, arena.DefaultModerator())
	}
	if o.moderationURL != "" {
		key := ""
		if o.moderationKeyEnv != "" {
			if key = env.Getenv(o.moderationKeyEnv); key == "" {
				return nil, fmt.Errorf("--moderation-key-env %s: the variable is not set", o.moderationKeyEnv)
			}
		}
		m, err := llm.NewModeration(o.moderationURL, key, "", nil)
		if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	return &app.QualityConfig{Policy: &policy, GoldRate: o.goldRate, Qualification: o.qualification, Moderator: mods}, nil
}

// labOptions are the serve flags of model labs, pair sampling and snapshots.
type labOptions struct {
	allowPrivate  bool
	secretKeyFile string
	sampler       string
	newModelVotes int
	newModelBoost float64
	samplerFloor  float64
	campaignShare float64
	weights       string
	refresh       time.Duration
	snapshotEvery time.Duration
	pauseAfter    int
	sendUserHash  bool
	userHashSalt  string
	// The endpoint check: what it asks, its token cap, and whether it needs text.
	checkPrompt      string
	checkMaxTokens   int
	checkRequireText bool
}

func addLabFlags(fs *flag.FlagSet, env *Env) (*labOptions, error) {
	o := &labOptions{}
	fs.BoolVar(&o.allowPrivate, "allow-private-endpoints", env.Getenv("ARENA_ALLOW_PRIVATE_ENDPOINTS") == "1",
		"let model endpoints be loopback, private or link-local addresses: for local development only (env ARENA_ALLOW_PRIVATE_ENDPOINTS=1)")
	fs.StringVar(&o.secretKeyFile, "secret-key-file", env.Getenv("ARENA_SECRET_KEY_FILE"),
		"file holding the 32-byte key (hex or base64) that encrypts labs' API keys (env ARENA_SECRET_KEY_FILE); or set ARENA_SECRET_KEY to the key itself")
	fs.StringVar(&o.sampler, "sampler", envString(env, "ARENA_SAMPLER", arena.SampleUniform), "pair sampling: uniform or active (env ARENA_SAMPLER)")
	nv, err := envInt(env, "ARENA_NEW_MODEL_VOTES", 300)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.newModelVotes, "new-model-votes", nv, "models with fewer votes than this are drawn more often (env ARENA_NEW_MODEL_VOTES)")
	boost, err := envFloat(env, "ARENA_NEW_MODEL_BOOST", 3)
	if err != nil {
		return nil, err
	}
	fs.Float64Var(&o.newModelBoost, "new-model-boost", boost, "how much more often new models are drawn (1 for no boost) (env ARENA_NEW_MODEL_BOOST)")
	floor, err := envFloat(env, "ARENA_SAMPLER_FLOOR", 0.05)
	if err != nil {
		return nil, err
	}
	fs.Float64Var(&o.samplerFloor, "sampler-floor", floor, "share of draws spread uniformly over all drawable pairs, 0 to 1, so no pair starves (env ARENA_SAMPLER_FLOOR)")
	share, err := envFloat(env, "ARENA_CAMPAIGN_SHARE", arena.DefaultCampaignShare)
	if err != nil {
		return nil, err
	}
	fs.Float64Var(&o.campaignShare, "campaign-share", share, "the most of the anonymous battles labs' sponsored campaigns are served in, 0 to 1; published on /transparency (env ARENA_CAMPAIGN_SHARE)")
	fs.StringVar(&o.weights, "model-weights", env.Getenv("ARENA_MODEL_WEIGHTS"), "per-model sampling weights, e.g. gpt-4o=2,old-model=0.5 (env ARENA_MODEL_WEIGHTS)")
	refresh, err := envDuration(env, "ARENA_SAMPLER_REFRESH", time.Minute)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.refresh, "sampler-refresh", refresh, "how often the sampler rereads vote counts (env ARENA_SAMPLER_REFRESH)")
	snapshots, err := envDuration(env, "ARENA_SNAPSHOT_EVERY", time.Hour)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.snapshotEvery, "snapshot-every", snapshots, "how often to snapshot the leaderboard (0 for never) (env ARENA_SNAPSHOT_EVERY)")
	pause, err := envInt(env, "ARENA_PAUSE_AFTER_FAILURES", 5)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.pauseAfter, "pause-after-failures", pause, "pause a model after this many failed calls in a row (env ARENA_PAUSE_AFTER_FAILURES)")
	fs.BoolVar(&o.sendUserHash, "send-user-hash", env.Getenv("ARENA_SEND_USER_HASH") == "1",
		"send providers each voter's salted hash as the request's user, so they can tell abuse from one person apart (env ARENA_SEND_USER_HASH=1)")
	fs.StringVar(&o.userHashSalt, "user-hash-salt", env.Getenv("ARENA_USER_HASH_SALT"),
		"the salt of --send-user-hash (env ARENA_USER_HASH_SALT); derived from the secret key when empty")
	fs.StringVar(&o.checkPrompt, "check-prompt", env.Getenv("ARENA_CHECK_PROMPT"),
		"the message an endpoint check sends to a model; a request for one short sentence when empty (env ARENA_CHECK_PROMPT)")
	ct, err := envInt(env, "ARENA_CHECK_MAX_TOKENS", 32)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.checkMaxTokens, "check-max-tokens", ct,
		"the token cap of an endpoint check's answer; 0 for the model's own setting (none if it has none), which reasoning models may need (env ARENA_CHECK_MAX_TOKENS)")
	rt, err := envBool(env, "ARENA_CHECK_REQUIRE_TEXT", true)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&o.checkRequireText, "check-require-text", rt,
		"an endpoint check passes only on an answer with text; false also passes a completed answer with none, as a reasoning model's may be (env ARENA_CHECK_REQUIRE_TEXT)")
	return o, nil
}

// secretKey reads the key from the file or ARENA_SECRET_KEY; nil when neither is set.
func (o *labOptions) secretKey(env *Env) (*arena.SecretBox, error) {
	key, err := o.secretKeyBytes(env)
	if key == nil || err != nil {
		return nil, err
	}
	return arena.NewSecretBox(key)
}

// voterSalt is the salt of the voters' hashes sent to providers, nil when they are
// not sent: the flag's, or else one derived from the secret key. Derived, not the key
// itself, so the key that seals labs' API keys never keys anything else. A salt that
// changes gives every voter a new id, so it must stay put: a random one per start
// would not do.
func (o *labOptions) voterSalt(env *Env) ([]byte, error) {
	if !o.sendUserHash {
		return nil, nil
	}
	if o.userHashSalt != "" {
		return []byte(o.userHashSalt), nil
	}
	key, err := o.secretKeyBytes(env)
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, errors.New("--send-user-hash needs a salt: set --user-hash-salt (ARENA_USER_HASH_SALT) or a secret key (--secret-key-file or ARENA_SECRET_KEY)")
	}
	h := hmac.New(sha256.New, key)
	h.Write([]byte("arena: salt of the voter hashes sent to providers"))
	return h.Sum(nil), nil
}

// derivedKey is a key for purpose derived from the secret key (so the key that seals
// labs' API keys keys nothing else), nil when no secret key is set.
func (o *labOptions) derivedKey(env *Env, purpose string) ([]byte, error) {
	key, err := o.secretKeyBytes(env)
	if key == nil || err != nil {
		return nil, err
	}
	h := hmac.New(sha256.New, key)
	h.Write([]byte(purpose))
	return h.Sum(nil), nil
}

// secretKeyBytes reads the raw secret key; nil when none is set.
func (o *labOptions) secretKeyBytes(env *Env) ([]byte, error) {
	raw := env.Getenv("ARENA_SECRET_KEY")
	if o.secretKeyFile != "" {
		b, err := os.ReadFile(o.secretKeyFile)
		if err != nil {
			return nil, fmt.Errorf("--secret-key-file: %w", err)
		}
		raw = string(b)
	}
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	key, err := arena.ParseSecretKey(raw)
	if err != nil {
		return nil, fmt.Errorf("secret key: %s", arena.ErrorMessage(err))
	}
	return key, nil
}

// config turns the lab flags into the app's labs section.
func (o *labOptions) config(env *Env) (*app.LabsConfig, error) {
	box, err := o.secretKey(env)
	if err != nil {
		return nil, err
	}
	weights, err := arena.ParseModelWeights(o.weights)
	if err != nil {
		return nil, err
	}
	if o.checkMaxTokens < 0 {
		return nil, fmt.Errorf("--check-max-tokens is %d: a number of tokens, or 0 for the model's own setting", o.checkMaxTokens)
	}
	return &app.LabsConfig{
		Box: box, AllowPrivate: o.allowPrivate, PauseAfter: o.pauseAfter,
		Sampler: o.sampler, Weights: weights, NewModelVotes: int64(o.newModelVotes), NewModelBoost: o.newModelBoost,
		SamplerFloor: o.samplerFloor, SamplerRefresh: o.refresh, SnapshotEvery: o.snapshotEvery, CampaignShare: o.campaignShare,
		CheckPrompt: o.checkPrompt, CheckMaxTokens: o.checkMaxTokens, CheckTextOptional: !o.checkRequireText,
	}, nil
}

// rewardOptions are the rewards flags of `arena serve`.
type rewardOptions struct {
	policy      string
	chainID     uint64
	publicURL   string
	chain       chainFlags
	distributor string
	cooldown    time.Duration
	vesting     arena.Vesting
	referrals   arena.ReferralPolicy
	// referralBonus is --referral-bonus, an int like the other point flags.
	referralBonus int
}

func addRewardFlags(fs *flag.FlagSet, env *Env) (*rewardOptions, error) {
	o := &rewardOptions{}
	fs.StringVar(&o.policy, "rewards-policy", envString(env, "ARENA_REWARDS_POLICY", ""), "rewards policy JSON file (tiers, caps, sign-up bonus, token units per point); the embedded default when empty (env ARENA_REWARDS_POLICY)")
	chainID, err := envInt(env, "ARENA_CHAIN_ID", 1337)
	if err != nil {
		return nil, err
	}
	fs.Uint64Var(&o.chainID, "chain-id", uint64(chainID), "chain id wallets sign in for and claim on (env ARENA_CHAIN_ID)")
	fs.StringVar(&o.publicURL, "public-url", envString(env, "ARENA_PUBLIC_URL", ""), "the site's public URL, e.g. https://arena.example, named in wallet sign-in messages; the request's host when empty (env ARENA_PUBLIC_URL)")
	addChainFlags(fs, env, &o.chain)
	fs.StringVar(&o.distributor, "distributor", envString(env, "ARENA_DISTRIBUTOR", ""), "distributor address for the admin's settle button, when not the recorded one (env ARENA_DISTRIBUTOR)")
	cooldown, err := envDuration(env, "ARENA_WALLET_COOLDOWN", rewards.DefaultChangeCooldown)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.cooldown, "wallet-cooldown", cooldown, "how long after linking or unlinking a wallet the next unlink or change is refused; 0 allows changes at any time (env ARENA_WALLET_COOLDOWN)")
	def := arena.DefaultVesting()
	window, err := envDuration(env, "ARENA_VESTING_WINDOW", def.Window)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.vesting.Window, "vesting-window", window, "audit window: a vote's points vest (become final and settleable) this long after the vote, and a confirmed review can claw them back until then; 0 vests at once (env ARENA_VESTING_WINDOW)")
	bonusVotes, err := envInt(env, "ARENA_BONUS_VEST_VOTES", def.BonusVotes)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.vesting.BonusVotes, "bonus-vest-votes", bonusVotes, "counted votes an account needs before its sign-up bonus vests (env ARENA_BONUS_VEST_VOTES)")
	defR := arena.DefaultReferralPolicy()
	refBonus, err := envInt(env, "ARENA_REFERRAL_BONUS", int(defR.Bonus))
	if err != nil {
		return nil, err
	}
	refVotes, err := envInt(env, "ARENA_REFERRAL_VOTES", defR.Votes)
	if err != nil {
		return nil, err
	}
	refCap, err := envInt(env, "ARENA_REFERRAL_WEEKLY_CAP", defR.WeeklyCap)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.referralBonus, "referral-bonus", refBonus, "points an invite pays each side, the inviter and the invitee, once the invitee's votes have vested and passed review; 0 turns invite links off (env ARENA_REFERRAL_BONUS)")
	fs.IntVar(&o.referrals.Votes, "referral-votes", refVotes, "counted votes of the invitee, past the audit window, before an invite pays (env ARENA_REFERRAL_VOTES)")
	fs.IntVar(&o.referrals.WeeklyCap, "referral-weekly-cap", refCap, "referrals one inviter can be paid for in a week; those past it are not paid; 0 for no cap (env ARENA_REFERRAL_WEEKLY_CAP)")
	return o, nil
}

// referralConfig checks the referral flags.
func (o *rewardOptions) referralConfig() (arena.ReferralPolicy, error) {
	o.referrals.Bonus = int64(o.referralBonus)
	switch {
	case o.referrals.Bonus < 0:
		return arena.ReferralPolicy{}, fmt.Errorf("--referral-bonus %d is negative", o.referrals.Bonus)
	case o.referrals.Votes < 0:
		return arena.ReferralPolicy{}, fmt.Errorf("--referral-votes %d is negative", o.referrals.Votes)
	case o.referrals.WeeklyCap < 0:
		return arena.ReferralPolicy{}, fmt.Errorf("--referral-weekly-cap %d is negative", o.referrals.WeeklyCap)
	}
	return o.referrals, nil
}

// vestingConfig checks the vesting flags.
func (o *rewardOptions) vestingConfig() (arena.Vesting, error) {
	if o.vesting.Window < 0 {
		return arena.Vesting{}, fmt.Errorf("--vesting-window %s is negative", o.vesting.Window)
	}
	if o.vesting.BonusVotes < 0 {
		return arena.Vesting{}, fmt.Errorf("--bonus-vest-votes %d is negative", o.vesting.BonusVotes)
	}
	return o.vesting, nil
}

// config turns the rewards flags into the app's rewards section: with --rpc it dials
// the node (closed by the returned function), and with --key-file too it loads the key
// admins settle with from /wallet.
func (o *rewardOptions) config(ctx context.Context, env *Env) (*app.RewardsConfig, func(), error) {
	policy, err := loadPolicy(o.policy)
	if err != nil {
		return nil, nil, err
	}
	if o.cooldown < 0 {
		return nil, nil, fmt.Errorf("--wallet-cooldown %s is negative", o.cooldown)
	}
	c := &app.RewardsConfig{Policy: policy, ChainID: o.chainID, PublicURL: o.publicURL, Distributor: o.distributor, WalletCooldown: o.cooldown}
	if o.chain.rpc == "" {
		return c, func() {}, nil
	}
	client, chainID, err := dialChain(ctx, o.chain.rpc)
	if err != nil {
		return nil, nil, err
	}
	if chainID != o.chainID {
		client.Close()
		return nil, nil, fmt.Errorf("the node at %s is on chain %d, but --chain-id is %d", o.chain.rpc, chainID, o.chainID)
	}
	c.Node = client
	if o.chain.keyFile != "" {
		key, err := loadKey(env, o.chain.keyFile)
		if err != nil {
			client.Close()
			return nil, nil, err
		}
		c.Key = key.key
	}
	return c, client.Close, nil
}

// trustedProxies reads --trust-proxy. The old on/off spelling ("1", "true") still means
// loopback and the private ranges, with a warning, so existing deployments keep their
// client addresses; anything else must be a list of CIDR ranges.
func trustedProxies(v string, log *slog.Logger) ([]netip.Prefix, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false":
		return nil, nil
	case "1", "true":
		log.Warn("--trust-proxy (ARENA_TRUST_PROXY) as on/off is deprecated: it trusts loopback and every private range; list your proxies' ranges instead, e.g. --trust-proxy 10.0.0.0/8")
		return web.PrivateProxyRanges, nil
	}
	if strings.HasPrefix(v, "-") {
		return nil, fmt.Errorf("--trust-proxy takes a comma-separated list of CIDR ranges, such as 10.0.0.0/8,127.0.0.1/32; got the flag %q", v)
	}
	p, err := web.ParseTrustedProxies(v)
	if err != nil {
		return nil, fmt.Errorf("--trust-proxy: %v", err)
	}
	return p, nil
}

// addImageFlags are the limits on the images attached to prompts (package images).
func addImageFlags(fs *flag.FlagSet, env *Env, o *serveOptions) error {
	maxBytes, err := envInt(env, "ARENA_IMAGE_MAX_BYTES", images.DefaultMaxBytes)
	if err != nil {
		return err
	}
	maxCount, err := envInt(env, "ARENA_IMAGE_MAX_COUNT", images.DefaultMaxCount)
	if err != nil {
		return err
	}
	fs.IntVar(&o.imageMaxBytes, "image-max-bytes", maxBytes, "largest image file a prompt may attach, in bytes (env ARENA_IMAGE_MAX_BYTES)")
	fs.IntVar(&o.imageMaxCount, "image-max-count", maxCount, "most images one prompt may attach (env ARENA_IMAGE_MAX_COUNT)")
	fs.StringVar(&o.imageDir, "image-dir", env.Getenv("ARENA_IMAGE_DIR"),
		"keep images as files named by their SHA-256 in this directory instead of the database (env ARENA_IMAGE_DIR)")
	m := &o.imageModeration
	fs.StringVar(&m.url, "image-moderation-url", env.Getenv("ARENA_IMAGE_MODERATION_URL"),
		"base URL of an OpenAI-compatible moderation endpoint that checks every image before it is stored, e.g. https://api.openai.com/v1; a flagged image is refused (env ARENA_IMAGE_MODERATION_URL)")
	fs.StringVar(&m.keyEnv, "image-moderation-key-env", env.Getenv("ARENA_IMAGE_MODERATION_KEY_ENV"),
		"name of the environment variable holding the image moderation endpoint's API key (env ARENA_IMAGE_MODERATION_KEY_ENV)")
	fs.StringVar(&m.model, "image-moderation-model", envString(env, "ARENA_IMAGE_MODERATION_MODEL", "omni-moderation-latest"),
		"moderation model that takes images (env ARENA_IMAGE_MODERATION_MODEL)")
	fs.StringVar(&m.whenDown, "image-moderation-when-down", envString(env, "ARENA_IMAGE_MODERATION_WHEN_DOWN", "refuse"),
		"when the image moderation endpoint fails: refuse the prompt, or accept the images unchecked (env ARENA_IMAGE_MODERATION_WHEN_DOWN)")
	return nil
}

// imageModerationOptions are the flags of the optional image moderation endpoint.
type imageModerationOptions struct {
	url, keyEnv, model, whenDown string
}

// config is the image moderation the flags ask for; nil without --image-moderation-url.
func (o *imageModerationOptions) config(env *Env) (*arena.ImageModeration, error) {
	var accept bool
	switch o.whenDown {
	case "refuse":
	case "accept":
		accept = true
	default:
		return nil, fmt.Errorf("--image-moderation-when-down (ARENA_IMAGE_MODERATION_WHEN_DOWN) is refuse or accept; got %q", o.whenDown)
	}
	if o.url == "" {
		return nil, nil
	}
	key := ""
	if o.keyEnv != "" {
		if key = env.Getenv(o.keyEnv); key == "" {
			return nil, fmt.Errorf("--image-moderation-key-env %s: the variable is not set", o.keyEnv)
		}
	}
	m, err := llm.NewModeration(o.url, key, o.model, nil)
	if err != nil {
		return nil, fmt.Errorf("--image-moderation-url: %s", arena.ErrorMessage(err))
	}
	return &arena.ImageModeration{Moderator: m, AcceptWhenDown: accept}, nil
}

// imageLimits are the image flags checked.
func (o *serveOptions) imageLimits() (images.Limits, error) {
	if o.imageMaxBytes < 1 || o.imageMaxCount < 1 {
		return images.Limits{}, fmt.Errorf("--image-max-bytes (ARENA_IMAGE_MAX_BYTES) and --image-max-count (ARENA_IMAGE_MAX_COUNT) must be at least 1; got %d and %d",
			o.imageMaxBytes, o.imageMaxCount)
	}
	return images.Limits{MaxBytes: int64(o.imageMaxBytes), MaxCount: o.imageMaxCount}, nil
}
