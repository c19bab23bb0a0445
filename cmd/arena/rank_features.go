package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/ranking"
)

// featureIDKeys are the columns that may name a battle in a --features file, in order
// of preference, as battle files name it.
var featureIDKeys = []string{"id", "battle_id", "question_id"}

// readFeatures reads `arena rank --features FILE`: a CSV file with a header (an id
// column and numeric columns), or JSON Lines of objects (an id and numeric fields, the
// columns those of the first line, sorted). A battle missing a column, or with an empty
// cell, has no features and is left out of the fit.
func readFeatures(path string) (*ranking.FeatureTable, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--features: %w", err)
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return readFeaturesJSONL(path, data)
	}
	return readFeaturesCSV(path, data)
}

func readFeaturesCSV(path string, data []byte) (*ranking.FeatureTable, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("--features %s: %w", path, err)
	}
	idCol := -1
	for _, k := range featureIDKeys {
		if i := slices.Index(header, k); i >= 0 {
			idCol = i
			break
		}
	}
	if idCol < 0 {
		return nil, fmt.Errorf("--features %s: the header has no id column (%s)", path, strings.Join(featureIDKeys, ", "))
	}
	t := &ranking.FeatureTable{Values: map[string][]float64{}}
	var cols []int
	for i, h := range header {
		if i != idCol {
			cols = append(cols, i)
			t.Names = append(t.Names, h)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("--features %s: no feature columns beside the id", path)
	}
rows:
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("--features %s: %w", path, err)
		}
		v := make([]float64, len(cols))
		for k, c := range cols {
			cell := strings.TrimSpace(rec[c])
			if cell == "" {
				continue rows
			}
			if v[k], err = strconv.ParseFloat(cell, 64); err != nil {
				return nil, fmt.Errorf("--features %s:%d: column %q: %q is not a number", path, line, t.Names[k], cell)
			}
		}
		t.Values[strings.TrimSpace(rec[idCol])] = v
	}
	return t, nil
}

func readFeaturesJSONL(path string, data []byte) (*ranking.FeatureTable, error) {
	t := &ranking.FeatureTable{Values: map[string][]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("--features %s:%d: %v", path, line, err)
		}
		id := ""
		for _, k := range featureIDKeys {
			if v, ok := m[k]; ok && v != nil {
				id = fmt.Sprint(v)
				delete(m, k)
				break
			}
		}
		if id == "" {
			return nil, fmt.Errorf("--features %s:%d: no id (%s)", path, line, strings.Join(featureIDKeys, ", "))
		}
		if t.Names == nil {
			for k, v := range m {
				if _, ok := v.(float64); ok {
					t.Names = append(t.Names, k)
				}
			}
			slices.Sort(t.Names)
			if len(t.Names) == 0 {
				return nil, fmt.Errorf("--features %s:%d: no numeric field beside the id", path, line)
			}
		}
		v := make([]float64, len(t.Names))
		complete := true
		for k, name := range t.Names {
			x, ok := m[name].(float64)
			complete = complete && ok
			v[k] = x
		}
		if complete {
			t.Values[id] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--features %s: %w", path, err)
	}
	return t, nil
}
