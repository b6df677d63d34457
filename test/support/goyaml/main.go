// Command goyaml reads YAML streams with the real Go readers of Kubernetes manifests, for the tests of
// lib/core/yaml-readers.ts (test/core/yaml-readers.real.test.ts builds and runs it).
//
// Usage: goyaml kubectl|v3 < streams.jsonl
//
// Each input line is one YAML stream, as a JSON string. Each output line is a JSON array with one entry
// per document of that stream: {"value": ...} or {"error": "..."}.
//
//   - kubectl: the stream is split into documents as kubectl apply splits it (a line "---", optionally
//     followed by white space; k8s.io/apimachinery/pkg/util/yaml YAMLReader, lines read with
//     bufio.ReadLine), and each document is converted with sigs.k8s.io/yaml.YAMLToJSON, the function
//     kubectl, Helm and the API server read YAML with (go-yaml v2 underneath). The value is that JSON.
//   - v3: the stream is decoded document by document into interface{} with gopkg.in/yaml.v3's Decoder,
//     as kustomize (kyaml) reads it; the first error ends the stream. The value is the decoded data, with
//     what JSON cannot hold marked so it never equals a written string: a key that is not a string
//     becomes "\u0000<type>:<value>", a time.Time or a non-finite float {"\u0000<type>": "<value>"}.
//
// Built in GOPATH mode against Debian's packages:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o goyaml .
//
// (golang-go, golang-gopkg-yaml.v2-dev, golang-gopkg-yaml.v3-dev, golang-k8s-sigs-yaml-dev).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
	"unicode"

	yaml3 "gopkg.in/yaml.v3"
	k8syaml "sigs.k8s.io/yaml"
)

type document struct {
	Value interface{} `json:"value"`
	Error string      `json:"error,omitempty"`
}

// kubectlDocuments splits a stream as kubectl's YAMLReader does.
func kubectlDocuments(stream []byte) [][]byte {
	r := bufio.NewReader(bytes.NewReader(stream))
	var docs [][]byte
	var buffer bytes.Buffer
	for {
		var line bytes.Buffer
		var err error
		for isPrefix := true; isPrefix && err == nil; {
			var part []byte
			part, isPrefix, err = r.ReadLine()
			line.Write(part)
		}
		line.WriteByte('\n')
		if err != nil && err != io.EOF {
			panic(err)
		}
		l := line.Bytes()
		if bytes.HasPrefix(l, []byte("---")) && len(strings.TrimRightFunc(string(l[3:]), unicode.IsSpace)) == 0 {
			if buffer.Len() != 0 {
				docs = append(docs, append([]byte(nil), buffer.Bytes()...))
				buffer.Reset()
			}
			if err == io.EOF {
				return docs
			}
			continue
		}
		if err == io.EOF {
			if buffer.Len() != 0 {
				docs = append(docs, append([]byte(nil), buffer.Bytes()...))
			}
			return docs
		}
		buffer.Write(l)
	}
}

func catch(err *string) {
	if r := recover(); r != nil {
		*err = fmt.Sprint("panic: ", r)
	}
}

func readKubectl(stream []byte) []document {
	out := []document{}
	for _, doc := range kubectlDocuments(stream) {
		var d document
		func() {
			defer catch(&d.Error)
			j, err := k8syaml.YAMLToJSON(doc)
			if err != nil {
				d.Error = err.Error()
				return
			}
			d.Value = json.RawMessage(j)
		}()
		out = append(out, d)
	}
	return out
}

func marked(v interface{}) string {
	return fmt.Sprintf("\u0000%T:%v", v, v)
}

// plain turns what yaml.v3 decodes into data encoding/json writes, marking what JSON cannot hold.
func plain(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := map[string]interface{}{}
		for k, x := range t {
			m[k] = plain(x)
		}
		return m
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, x := range t {
			if s, ok := k.(string); ok {
				m[s] = plain(x)
			} else {
				m[marked(k)] = plain(x)
			}
		}
		return m
	case []interface{}:
		a := make([]interface{}, len(t))
		for i, x := range t {
			a[i] = plain(x)
		}
		return a
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return map[string]string{fmt.Sprintf("\u0000%T", t): fmt.Sprint(t)}
		}
		return t
	case time.Time:
		return map[string]string{fmt.Sprintf("\u0000%T", t): t.Format(time.RFC3339Nano)}
	default:
		return v
	}
}

func readV3(stream []byte) []document {
	out := []document{}
	dec := yaml3.NewDecoder(bytes.NewReader(stream))
	for {
		var d document
		done := false
		func() {
			defer catch(&d.Error)
			var v interface{}
			err := dec.Decode(&v)
			if errors.Is(err, io.EOF) {
				done = true
				return
			}
			if err != nil {
				d.Error = err.Error()
				return
			}
			d.Value = plain(v)
		}()
		if done {
			return out
		}
		out = append(out, d)
		if d.Error != "" {
			return out
		}
	}
}

func main() {
	if len(os.Args) != 2 || (os.Args[1] != "kubectl" && os.Args[1] != "v3") {
		fmt.Fprintln(os.Stderr, "usage: goyaml kubectl|v3 < streams.jsonl")
		os.Exit(2)
	}
	read := readKubectl
	if os.Args[1] == "v3" {
		read = readV3
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for in.Scan() {
		var stream string
		if err := json.Unmarshal(in.Bytes(), &stream); err != nil {
			fmt.Fprintln(os.Stderr, "goyaml: each input line must be a JSON string:", err)
			os.Exit(2)
		}
		if err := enc.Encode(read([]byte(stream))); err != nil {
			fmt.Fprintln(os.Stderr, "goyaml:", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "goyaml:", err)
		os.Exit(1)
	}
}
