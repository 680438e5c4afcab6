package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// sdks are the two columns, in order; every round measures both, alternating.
var sdks = []string{"wasmgear", "authgear-web"}

// row is one metric: samples per SDK (a single sample prints without a range).
type row struct {
	name    string
	unit    string // printed after each value
	decimal int    // digits after the point
	samples map[string][]float64
	note    string // beside @authgear/web, e.g. the minified size
}

func newRow(name, unit string, decimal int) *row {
	return &row{name: name, unit: unit, decimal: decimal, samples: map[string][]float64{}}
}

func (r *row) add(sdk string, v float64) { r.samples[sdk] = append(r.samples[sdk], v) }

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func (r *row) cell(sdk string) string {
	xs := r.samples[sdk]
	if len(xs) == 0 {
		return "–"
	}
	f := func(v float64) string { return group(strconv.FormatFloat(v, 'f', r.decimal, 64)) }
	out := f(median(xs)) + r.unit
	if len(xs) > 1 {
		lo, hi := xs[0], xs[0]
		for _, x := range xs {
			lo, hi = min(lo, x), max(hi, x)
		}
		out += " (" + f(lo) + "–" + f(hi) + ")"
	}
	return out
}

// ratio is wasmgear's median over @authgear/web's.
func (r *row) ratio() string {
	a, b := r.samples["wasmgear"], r.samples["authgear-web"]
	if len(a) == 0 || len(b) == 0 || median(b) == 0 {
		return "–"
	}
	return strconv.FormatFloat(median(a)/median(b), 'f', 1, 64) + "×"
}

// group puts thousands separators into the integer part of a formatted number.
func group(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + frac
	}
	return out
}

// printTable writes the rows as a Markdown table, ready for the README.
func printTable(w io.Writer, rows []*row) {
	fmt.Fprintln(w, "| metric | wasmgear | @authgear/web 6.0.0 | ratio |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range rows {
		other := r.cell("authgear-web")
		if r.note != "" {
			other += " " + r.note
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.name, r.cell("wasmgear"), other, r.ratio())
	}
}
