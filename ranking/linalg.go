package ranking

import "math"

// cholesky factors the symmetric positive definite m×m matrix a (row-major) in place
// into its lower triangle L with a = L·Lᵀ. It reports false if a is not positive
// definite.
func cholesky(a []float64, m int) bool {
	for j := 0; j < m; j++ {
		rj := a[j*m : j*m+j+1]
		d := rj[j]
		for k := 0; k < j; k++ {
			d -= rj[k] * rj[k]
		}
		if !(d > 0) {
			return false
		}
		d = math.Sqrt(d)
		rj[j] = d
		inv := 1 / d
		for i := j + 1; i < m; i++ {
			ri := a[i*m : i*m+j+1]
			s := ri[j]
			for k := 0; k < j; k++ {
				s -= ri[k] * rj[k]
			}
			ri[j] = s * inv
		}
	}
	return true
}

// cholSolve solves L·Lᵀ·x = b in place in b, with L from cholesky.
func cholSolve(l []float64, m int, b []float64) {
	for i := 0; i < m; i++ {
		s := b[i]
		ri := l[i*m : i*m+i]
		for k, v := range ri {
			s -= v * b[k]
		}
		b[i] = s / l[i*m+i]
	}
	for i := m - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < m; k++ {
			s -= l[k*m+i] * b[k]
		}
		b[i] = s / l[i*m+i]
	}
}

// solveSPD solves a·x = b for a symmetric positive definite a (left intact), writing x
// to b; scratch must hold m*m values. If a is numerically only semi-definite, a ridge
// scaled to its diagonal is added until it factors.
func solveSPD(a, scratch []float64, m int, b []float64) {
	copy(scratch, a)
	if cholesky(scratch, m) {
		cholSolve(scratch, m, b)
		return
	}
	scale := 0.0
	for i := 0; i < m; i++ {
		scale = max(scale, math.Abs(a[i*m+i]))
	}
	if scale == 0 {
		scale = 1
	}
	for ridge := 1e-12 * scale; ridge < 1e300; ridge *= 100 {
		copy(scratch, a)
		for i := 0; i < m; i++ {
			scratch[i*m+i] += ridge
		}
		if cholesky(scratch, m) {
			cholSolve(scratch, m, b)
			return
		}
	}
	clear(b)
}

// invertSPD returns the inverse of the symmetric positive definite m×m matrix a, or nil.
func invertSPD(a []float64, m int) []float64 {
	l := append([]float64(nil), a...)
	if !cholesky(l, m) {
		return nil
	}
	inv := make([]float64, m*m)
	col := make([]float64, m)
	for j := 0; j < m; j++ {
		clear(col)
		col[j] = 1
		cholSolve(l, m, col)
		for i := 0; i < m; i++ {
			inv[i*m+j] = col[i]
		}
	}
	return inv
}
