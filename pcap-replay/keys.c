/*
 * The keys file of `smbsim-replay --keys`: one session per line,
 *
 *   SESSIONID SESSIONKEY [S2C_KEY C2S_KEY]      # comment
 *
 * fields separated by blanks or commas, each optionally in double quotes,
 * so Wireshark's smb2_seskey_list UAT lines (id,key,"s2c","c2s") are read
 * as they are.  SESSIONID is "0x" and the value as tshark shows smb2.sesid,
 * or exactly 16 hex digits: the 8 bytes on the wire, as the UAT has them.
 * SESSIONKEY is the session key (Session.SessionKey; up to
 * RP_MAX_KEY_BYTES bytes, the full key for AES-256) or "-" / "" when only
 * the cipher keys are known; the cipher keys (16 or 32 bytes each) come as
 * a pair or not at all.  Lines are kept sorted by session id for lookup.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "pcap-replay/rp_int.h"

/* Largest keys file read (RP_MAX_KEYS lines of about 200 bytes). */
#define RP_KEYS_FILE_MAX (1u << 20)
/* Fields on one line. */
#define KEY_FIELDS 4
#define FIELD_MAX 160

struct rp_keyring {
	size_t n;
	struct rp_key k[];
};

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Hex text to bytes: *n bytes, at most max; false on odd length or a
 * non-hex digit. */
static bool unhex(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t len = strlen(s), i;

	if (len % 2 || len / 2 > max)
		return false;
	for (i = 0; i < len / 2; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*n = len / 2;
	return true;
}

static bool parse_sid(const char *s, uint64_t *out)
{
	uint8_t b[8];
	size_t n;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		uint64_t v = 0;
		size_t i, len = strlen(s + 2);

		if (len == 0 || len > 16)
			return false;
		for (i = 0; i < len; i++) {
			int d = hexval((unsigned char)s[2 + i]);

			if (d < 0)
				return false;
			v = v << 4 | (uint64_t)d;
		}
		*out = v;
		return true;
	}
	if (strlen(s) != 16 || !unhex(s, b, sizeof(b), &n))
		return false;
	*out = le64(b);
	return true;
}

static bool absent(const char *s)
{
	return s[0] == '\0' || strcmp(s, "-") == 0;
}

/* Split one line into fields; returns the count, or -1 when there are too
 * many or one is too long. */
static int split(const char *line, size_t len, char f[KEY_FIELDS][FIELD_MAX])
{
	size_t i = 0;
	int n = 0;

	for (;;) {
		size_t k = 0;
		bool quoted = false;

		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len || line[i] == '#')
			return n;
		if (n == KEY_FIELDS)
			return -1;
		if (line[i] == '"') {
			quoted = true;
			i++;
		}
		while (i < len && (quoted ? line[i] != '"'
		                          : (line[i] != ',' && line[i] != ' ' && line[i] != '\t' &&
		                             line[i] != '\r' && line[i] != '#'))) {
			if (k + 1 >= FIELD_MAX)
				return -1;
			f[n][k++] = line[i++];
		}
		if (quoted) {
			if (i >= len)
				return -1;
			i++;
		}
		f[n++][k] = '\0';
		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i < len && line[i] == ',')
			i++;
	}
}

static int line_to_key(char f[KEY_FIELDS][FIELD_MAX], int nf, struct rp_key *k,
                       const char **why)
{
	size_t n, n2;

	memset(k, 0, sizeof(*k));
	if (nf != 2 && nf != 4) {
		*why = "expected SESSIONID SESSIONKEY [S2C_KEY C2S_KEY]";
		return -1;
	}
	if (!parse_sid(f[0], &k->session_id)) {
		*why = "session id: 0x and up to 16 hex digits, or 16 hex digits (wire order)";
		return -1;
	}
	if (!absent(f[1])) {
		if (!unhex(f[1], k->session_key, RP_MAX_KEY_BYTES, &n) || n == 0) {
			*why = "session key: hex, 1 to 64 bytes, or -";
			return -1;
		}
		k->session_key_len = (uint8_t)n;
	}
	if (nf == 4 && !(absent(f[2]) && absent(f[3]))) {
		if (!unhex(f[2], k->s2c, RP_MAX_KEY_BYTES, &n) ||
		    !unhex(f[3], k->c2s, RP_MAX_KEY_BYTES, &n2) || n != n2 ||
		    (n != 16 && n != 32)) {
			*why = "cipher keys: two hex keys of 16 or 32 bytes each";
			return -1;
		}
		k->cipher_key_len = (uint8_t)n;
	}
	if (!k->session_key_len && !k->cipher_key_len) {
		*why = "no key given";
		return -1;
	}
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	const struct rp_key *x = a, *y = b;

	return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

int rp_keyring_parse(const char *text, size_t len, const char *name,
                     struct rp_keyring **out, char *err, size_t errlen)
{
	struct rp_keyring *kr, *small;
	char f[KEY_FIELDS][FIELD_MAX];
	size_t pos = 0, lineno = 0, i;

	kr = calloc(1, sizeof(*kr) + RP_MAX_KEYS * sizeof(struct rp_key));
	if (!kr) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		const char *why = NULL;
		int nf;

		pos += ll + (nl ? 1 : 0);
		lineno++;
		if (memchr(line, '\0', ll)) {
			snprintf(err, errlen, "%s:%zu: NUL byte: not a text file", name, lineno);
			goto fail;
		}
		nf = split(line, ll, f);
		if (nf == 0)
			continue;
		if (nf < 0) {
			snprintf(err, errlen, "%s:%zu: too many fields, a field too long or an "
			         "unclosed quote", name, lineno);
			goto fail;
		}
		if (kr->n == RP_MAX_KEYS) {
			snprintf(err, errlen, "%s:%zu: more than %d sessions (RP_MAX_KEYS)", name,
			         lineno, RP_MAX_KEYS);
			goto fail;
		}
		if (line_to_key(f, nf, &kr->k[kr->n], &why)) {
			snprintf(err, errlen, "%s:%zu: %s", name, lineno, why);
			goto fail;
		}
		kr->n++;
	}
	qsort(kr->k, kr->n, sizeof(kr->k[0]), cmp_key);
	/* The same session twice: fine when the lines agree. */
	for (i = 1; i < kr->n; i++) {
		if (kr->k[i].session_id != kr->k[i - 1].session_id)
			continue;
		if (memcmp(&kr->k[i], &kr->k[i - 1], sizeof(kr->k[i])) != 0) {
			snprintf(err, errlen, "%s: session 0x%llx is given twice with different keys",
			         name, (unsigned long long)kr->k[i].session_id);
			goto fail;
		}
		memmove(&kr->k[i], &kr->k[i + 1], (kr->n - i - 1) * sizeof(kr->k[0]));
		kr->n--;
		i--;
	}
	/* Keep only what was read. */
	small = malloc(sizeof(*small) + kr->n * sizeof(struct rp_key));
	if (!small) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	small->n = kr->n;
	memcpy(small->k, kr->k, kr->n * sizeof(struct rp_key));
	OPENSSL_cleanse(kr->k, kr->n * sizeof(struct rp_key));
	free(kr);
	*out = small;
	return 0;
fail:
	if (kr->n < RP_MAX_KEYS)
		kr->n++; /* the line being read may hold part of a key */
	rp_keyring_free(kr);
	return -1;
}

int rp_keyring_load(const char *path, struct rp_keyring **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(RP_KEYS_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	n = fread(text, 1, RP_KEYS_FILE_MAX + 1, f);
	if (ferror(f) || n > RP_KEYS_FILE_MAX) {
		snprintf(err, errlen, "%s: %s", path,
		         ferror(f) ? "read error" : "larger than 1 MiB: not a keys file");
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	rc = rp_keyring_parse(text, n, path, out, err, errlen);
	OPENSSL_cleanse(text, n);
	free(text);
	return rc;
}

long rp_keyring_index(const struct rp_keyring *k, uint64_t session_id)
{
	size_t lo = 0, hi;

	if (!k)
		return -1;
	hi = k->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->k[mid].session_id == session_id)
			return (long)mid;
		if (k->k[mid].session_id < session_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const struct rp_key *rp_keyring_at(const struct rp_keyring *k, size_t i)
{
	return k && i < k->n ? &k->k[i] : NULL;
}

const struct rp_key *rp_keyring_find(const struct rp_keyring *k, uint64_t session_id)
{
	long i = rp_keyring_index(k, session_id);

	return i < 0 ? NULL : &k->k[i];
}

size_t rp_keyring_count(const struct rp_keyring *k)
{
	return k ? k->n : 0;
}

void rp_keyring_free(struct rp_keyring *k)
{
	if (!k)
		return;
	OPENSSL_cleanse(k->k, k->n * sizeof(k->k[0]));
	free(k);
}
