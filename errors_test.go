package tiledbcloud

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestServerText(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	tests := []struct{ in, want string }{
		{"", ""},
		{"user does not exist", "user does not exist"},
		{"  padded  ", "padded"},
		{"two  spaces", "two spaces"},
		{"a\nb\r\nc\td", "a b c d"},
		{"\x1b[31mred\x1b[0m", "[31mred [0m"},
		{"nel\u0085ls\u2028ps\u2029end", "nel ls ps end"},
		{"csi\u009b2J", "csi 2J"},
		{"del\x7f", "del"},
		{"bidi \u202eevil\u202c \u2066x\u2069 \u200f", "bidi evil x"},
		{"bad utf-8 \xff\xfe here", "bad utf-8 here"},
		{"Nicht gefunden: ü", "Nicht gefunden: ü"},
		{long, strings.Repeat("é", 100) + "..."},
		{strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{strings.Repeat("a", 201), strings.Repeat("a", 200) + "..."},
	}
	for _, tt := range tests {
		got := serverText(tt.in, maxServerText)
		assert.Equal(t, tt.want, got, "%q", tt.in)
		assert.True(t, utf8.ValidString(got), "%q", tt.in)
	}
}

func TestServerTextPlainCostsNothing(t *testing.T) {
	s := "404 Not Found"
	allocs := testing.AllocsPerRun(100, func() { _ = serverText(s, maxServerText) })
	assert.Zero(t, allocs)
}
