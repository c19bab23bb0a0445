package ranking

import (
	"math"
	"math/rand/v2"
)

// binomial draws from Binomial(n, p) exactly: by inversion when n·min(p,1-p) is small,
// otherwise by Hörmann's BTRD transformed rejection (1993), with the final acceptance
// test done on the exact log probability ratio.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomial(r, n, 1-p)
	}
	if float64(n)*p < 10 {
		return binomialInversion(r, n, p)
	}
	return btrd(r, n, p)
}

// binomialInversion sums geometric waiting times: expected cost O(n·p).
func binomialInversion(r *rand.Rand, n int64, p float64) int64 {
	lq := math.Log1p(-p)
	var x, sum int64
	for {
		u := r.Float64()
		if u == 0 {
			continue
		}
		g := int64(math.Ceil(math.Log(u) / lq))
		if g < 1 {
			g = 1
		}
		sum += g
		if sum > n {
			return x
		}
		x++
	}
}

func btrd(rng *rand.Rand, n int64, p float64) int64 {
	nf := float64(n)
	q := 1 - p
	m := math.Floor((nf + 1) * p)
	r := p / q
	nr := (nf + 1) * r
	npq := nf * p * q
	spq := math.Sqrt(npq)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	alpha := (2.83 + 5.1/b) * spq
	vr := 0.92 - 4.2/b
	urvr := 0.86 * vr
	lgm, lgnm, lpq := math.NaN(), 0.0, 0.0 // computed on first need
	for {
		v := rng.Float64()
		if v <= urvr {
			u := v/vr - 0.43
			return int64(math.Floor((2*a/(0.5-math.Abs(u))+b)*u + c))
		}
		var u float64
		if v >= vr {
			u = rng.Float64() - 0.5
		} else {
			u = v/vr - 0.93
			u = math.Copysign(0.5, u) - u
			v = rng.Float64() * vr
		}
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		v = v * alpha / (a/(us*us) + b)
		km := math.Abs(k - m)
		if km <= 15 {
			// f(k)/f(m) by recurrence, as one ratio of products (no division per step).
			num, den := 1.0, 1.0
			if m < k {
				for i := m + 1; i <= k; i++ {
					num *= nr - r*i
					den *= i
				}
				if v*den <= num {
					return int64(k)
				}
			} else {
				for i := k + 1; i <= m; i++ {
					num *= nr - r*i
					den *= i
				}
				if v*num <= den {
					return int64(k)
				}
			}
			continue
		}
		v = math.Log(v)
		rho := (km / npq) * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
		t := -km * km / (2 * npq)
		if v < t-rho {
			return int64(k)
		}
		if v > t+rho {
			continue
		}
		if math.IsNaN(lgm) {
			lgm, _ = math.Lgamma(m + 1)
			lgnm, _ = math.Lgamma(nf - m + 1)
			lpq = math.Log(r)
		}
		lgk, _ := math.Lgamma(k + 1)
		lgnk, _ := math.Lgamma(nf - k + 1)
		if v <= lgm+lgnm-lgk-lgnk+(k-m)*lpq {
			return int64(k)
		}
	}
}

// multinomial draws n items over cells with the given integer weights (probabilities
// proportional to them) by conditional binomials; out receives the counts.
func multinomial(r *rand.Rand, n int64, weights []int64, out []int64) {
	var mass int64
	for _, w := range weights {
		mass += w
	}
	left := n
	for k, w := range weights {
		switch {
		case left == 0 || w <= 0:
			out[k] = 0
		case w >= mass:
			out[k] = left
			left = 0
		default:
			x := binomial(r, left, float64(w)/float64(mass))
			out[k] = x
			left -= x
		}
		mass -= max(w, 0)
	}
}
