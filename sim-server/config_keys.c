/*
 * The [global] keys, each with its setter, and the helpers that the share
 * and user keys (config_sections.c) share.  Values arrive trimmed and
 * unquoted (config_ini.c); messages name the key and the problem.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "crypto/encrypt.h"
#include "sim-server/config_int.h"
#include "wire/negotiate_ctx.h"
#include "wire/smb2.h"

bool cfg_set_string(struct cfg_parse *p, char **slot, const char *v)
{
	char *copy = strdup(v);

	if (!copy)
		return cfg_fail(p, "out of memory");
	free(*slot);
	*slot = copy;
	return true;
}

bool cfg_for_each_word(struct cfg_parse *p, const char *key, const char *v,
                          bool (*fn)(struct cfg_parse *p, const char *key, const char *word,
                                     void *arg),
                          void *arg)
{
	char word[SRV_CFG_MAX_LINE + 1];
	size_t n_words = 0;

	while (*v) {
		size_t n = strcspn(v, ", \t");

		if (n) {
			memcpy(word, v, n);
			word[n] = 0;
			if (!fn(p, key, word, arg))
				return false;
			n_words++;
		}
		v += n;
		if (*v)
			v++;
	}
	if (!n_words)
		return cfg_fail(p, "key '%s': the list is empty", key);
	return true;
}

/* ---- [global] -------------------------------------------------------- */

static bool g_listen(struct cfg_parse *p, const char *key, const char *v)
{
	struct srv_config *cfg = p->cfg;
	struct srv_listen l;

	(void)key;
	if (!cfg_parse_listen(p, v, &l))
		return false;
	for (size_t i = 0; i < cfg->n_listen; i++)
		if (!strcmp(cfg->listen[i].text, l.text))
			return cfg_fail(p, "key 'listen': %s is given twice", l.text);
	if (cfg->n_listen == SRV_CFG_MAX_LISTEN)
		return cfg_fail(p, "key 'listen': more than %d addresses", SRV_CFG_MAX_LISTEN);
	cfg->listen[cfg->n_listen++] = l;
	return true;
}

static bool netbios(struct cfg_parse *p, const char *key, const char *v, char *out)
{
	size_t n = strlen(v);

	if (!n || n > SRV_CFG_MAX_NETBIOS)
		return cfg_fail(p, "key '%s': '%s' must be 1 to %u characters", key, v,
		                SRV_CFG_MAX_NETBIOS);
	for (size_t i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return cfg_fail(p, "key '%s': '%s' may hold only letters, digits, '-' and '_'",
			                key, v);
		out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	out[n] = 0;
	return true;
}

static bool g_netbios(struct cfg_parse *p, const char *key, const char *v)
{
	return netbios(p, key, v, p->cfg->netbios_name);
}

static bool g_workgroup(struct cfg_parse *p, const char *key, const char *v)
{
	return netbios(p, key, v, p->cfg->workgroup);
}

static const struct { const char *name; uint16_t id; } dialects[] = {
	{ "SMB2_02", SMB2_DIALECT_202 }, { "SMB2_10", SMB2_DIALECT_210 },
	{ "SMB3_00", SMB2_DIALECT_300 }, { "SMB3_02", SMB2_DIALECT_302 },
	{ "SMB3_11", SMB2_DIALECT_311 },
};
static const char *const dialect_dotted[] = { "2.0.2", "2.1", "3.0", "3.0.2", "3.1.1" };
static const char *const dialect_hex[] = { "0x0202", "0x0210", "0x0300", "0x0302", "0x0311" };

const char *srv_dialect_name(uint16_t dialect)
{
	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++)
		if (dialects[i].id == dialect)
			return dialects[i].name;
	return "unknown dialect";
}

static bool dialect(struct cfg_parse *p, const char *key, const char *v, uint16_t *out)
{
	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++) {
		if (cfg_key_equal(v, dialects[i].name) || !strcmp(v, dialect_dotted[i]) ||
		    cfg_key_equal(v, dialect_hex[i])) {
			*out = dialects[i].id;
			p->cfg->dialect_origin = p->at;
			return true;
		}
	}
	return cfg_fail(p, "key '%s': '%s' is not a dialect (SMB2_02, SMB2_10, SMB3_00, SMB3_02, "
	                "SMB3_11, their 0x0202 forms or 2.0.2 .. 3.1.1)", key, v);
}

static bool g_min_proto(struct cfg_parse *p, const char *key, const char *v)
{
	return dialect(p, key, v, &p->cfg->min_dialect);
}

static bool g_max_proto(struct cfg_parse *p, const char *key, const char *v)
{
	return dialect(p, key, v, &p->cfg->max_dialect);
}

/* One word of a fixed set: its index, or a message listing the set. */
static bool choice(struct cfg_parse *p, const char *key, const char *v,
                   const char *const *names, size_t n, const char *list, unsigned *out)
{
	for (size_t i = 0; i < n; i++) {
		if (cfg_key_equal(v, names[i])) {
			*out = (unsigned)i;
			return true;
		}
	}
	return cfg_fail(p, "key '%s': '%s' is not one of %s", key, v, list);
}

static bool g_signing(struct cfg_parse *p, const char *key, const char *v)
{
	static const char *const names[] = { "disabled", "enabled", "required" };
	unsigned i = 0;

	if (!choice(p, key, v, names, 3, "disabled, enabled, required", &i))
		return false;
	p->cfg->signing = (enum srv_signing)i;
	return true;
}

static bool g_encryption(struct cfg_parse *p, const char *key, const char *v)
{
	static const char *const names[] = { "off", "desired", "required" };
	unsigned i = 0;

	if (!choice(p, key, v, names, 3, "off, desired, required", &i))
		return false;
	p->cfg->encryption = (enum srv_encryption)i;
	p->cfg->encryption_origin = p->at;
	return true;
}

static const struct { const char *name; uint16_t id; } ciphers[] = {
	{ "AES-128-GCM", SMB2_CIPHER_AES128_GCM }, { "AES-128-CCM", SMB2_CIPHER_AES128_CCM },
	{ "AES-256-GCM", SMB2_CIPHER_AES256_GCM }, { "AES-256-CCM", SMB2_CIPHER_AES256_CCM },
};
static const struct { const char *name; uint16_t id; } sign_algs[] = {
	{ "AES-GMAC", SMB2_SIGNING_AES_GMAC }, { "AES-CMAC", SMB2_SIGNING_AES_CMAC },
	{ "HMAC-SHA256", SMB2_SIGNING_HMAC_SHA256 },
};

const char *srv_cipher_name(uint16_t id)
{
	for (size_t i = 0; i < 4; i++)
		if (ciphers[i].id == id)
			return ciphers[i].name;
	return "unknown cipher";
}

const char *srv_sign_alg_name(uint16_t id)
{
	for (size_t i = 0; i < 3; i++)
		if (sign_algs[i].id == id)
			return sign_algs[i].name;
	return "unknown signing algorithm";
}

struct id_list {
	uint16_t ids[4];
	size_t n, cap;
	bool cipher; /* else signing algorithms */
};

static bool add_alg(struct cfg_parse *p, const char *key, const char *word, void *arg)
{
	struct id_list *l = arg;
	size_t n = l->cipher ? 4 : 3;
	uint16_t id = 0;
	bool found = false;

	for (size_t i = 0; i < n && !found; i++) {
		const char *name = l->cipher ? ciphers[i].name : sign_algs[i].name;

		if (cfg_key_equal(word, name)) {
			id = l->cipher ? ciphers[i].id : sign_algs[i].id;
			found = true;
		}
	}
	if (!found)
		return cfg_fail(p, "key '%s': '%s' is not one of %s", key, word,
		                l->cipher ? "AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM"
		                          : "AES-GMAC, AES-CMAC, HMAC-SHA256");
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return cfg_fail(p, "key '%s': '%s' is listed twice", key, word);
	l->ids[l->n++] = id;
	return true;
}

static bool g_ciphers(struct cfg_parse *p, const char *key, const char *v)
{
	struct id_list l = { .cipher = true };

	if (!cfg_for_each_word(p, key, v, add_alg, &l))
		return false;
	memcpy(p->cfg->ciphers, l.ids, sizeof(l.ids));
	p->cfg->n_ciphers = l.n;
	return true;
}

static bool g_sign_algs(struct cfg_parse *p, const char *key, const char *v)
{
	struct id_list l = { .cipher = false };

	if (!cfg_for_each_word(p, key, v, add_alg, &l))
		return false;
	memcpy(p->cfg->sign_algs, l.ids, sizeof(p->cfg->sign_algs));
	p->cfg->n_sign_algs = l.n;
	return true;
}

static bool io_size(struct cfg_parse *p, const char *key, const char *v, uint32_t *out)
{
	uint64_t n;

	if (!cfg_parse_size(p, key, v, SRV_CFG_MIN_IO_SIZE, SMB2_MAX_IO_SIZE, &n))
		return false;
	*out = (uint32_t)n;
	return true;
}

static bool g_max_read(struct cfg_parse *p, const char *key, const char *v)
{
	return io_size(p, key, v, &p->cfg->max_read);
}

static bool g_max_write(struct cfg_parse *p, const char *key, const char *v)
{
	return io_size(p, key, v, &p->cfg->max_write);
}

static bool g_max_transact(struct cfg_parse *p, const char *key, const char *v)
{
	return io_size(p, key, v, &p->cfg->max_transact);
}

static bool g_max_credits(struct cfg_parse *p, const char *key, const char *v)
{
	uint64_t n;

	if (!cfg_parse_uint(p, key, v, SRV_CFG_MIN_CREDITS, SRV_CFG_MAX_CREDITS, &n))
		return false;
	p->cfg->max_credits = (uint32_t)n;
	return true;
}

static bool g_max_conn(struct cfg_parse *p, const char *key, const char *v)
{
	uint64_t n;

	if (!cfg_parse_uint(p, key, v, 1, SRV_CFG_MAX_CONNECTIONS, &n))
		return false;
	p->cfg->max_connections = (uint32_t)n;
	return true;
}

bool cfg_user_name_ok(struct cfg_parse *p, const char *what, const char *v)
{
	size_t n = strlen(v);

	if (!n || n > SRV_CFG_MAX_USER_NAME)
		return cfg_fail(p, "%s '%s' must be 1 to %u bytes", what, v, SRV_CFG_MAX_USER_NAME);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f || strchr("\"/\\[]:;|=,+*?<>", v[i]))
			return cfg_fail(p, "%s '%s' holds '%c', which names may not", what, v,
			                (unsigned char)v[i] < 0x20 ? '?' : v[i]);
	return true;
}

static bool g_guest(struct cfg_parse *p, const char *key, const char *v)
{
	(void)key;
	if (!cfg_user_name_ok(p, "guest account", v))
		return false;
	memcpy(p->cfg->guest_account, v, strlen(v) + 1);
	return true;
}

static bool g_map_to_guest(struct cfg_parse *p, const char *key, const char *v)
{
	static const char *const names[] = { "never", "bad user" };
	unsigned i = 0;

	if (!choice(p, key, v, names, 2, "never, bad user", &i))
		return false;
	p->cfg->map_to_guest = (enum srv_map_to_guest)i;
	return true;
}

static bool g_anonymous(struct cfg_parse *p, const char *key, const char *v)
{
	return cfg_parse_bool(p, key, v, &p->cfg->allow_anonymous);
}

static bool g_expiry(struct cfg_parse *p, const char *key, const char *v)
{
	return cfg_parse_duration_ms(p, key, v, SRV_CFG_MAX_EXPIRY_MS,
	                             &p->cfg->session_expiry_ms);
}

static bool timeout(struct cfg_parse *p, const char *key, const char *v, uint32_t *out)
{
	uint64_t ms;

	if (!cfg_parse_duration_ms(p, key, v, SRV_CFG_MAX_TIMEOUT_MS, &ms))
		return false;
	*out = (uint32_t)ms;
	return true;
}

static bool g_durable(struct cfg_parse *p, const char *key, const char *v)
{
	return timeout(p, key, v, &p->cfg->durable_timeout_ms);
}

static bool g_lease_break(struct cfg_parse *p, const char *key, const char *v)
{
	return timeout(p, key, v, &p->cfg->lease_break_timeout_ms);
}

static bool g_state_dir(struct cfg_parse *p, const char *key, const char *v)
{
	struct stat st;

	if (!*v || strlen(v) > SRV_CFG_MAX_PATH)
		return cfg_fail(p, "key '%s': the path must be 1 to %u bytes", key,
		                SRV_CFG_MAX_PATH);
	if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))
		return cfg_fail(p, "key '%s': '%s' is not an existing directory", key, v);
	return cfg_set_string(p, &p->cfg->state_dir, v);
}

static bool g_control(struct cfg_parse *p, const char *key, const char *v)
{
	if (!*v || strlen(v) > SRV_CFG_MAX_SOCKET_PATH)
		return cfg_fail(p, "key '%s': a socket path must be 1 to %u bytes", key,
		                SRV_CFG_MAX_SOCKET_PATH);
	return cfg_set_string(p, &p->cfg->control_socket, v);
}

const struct cfg_key cfg_global_keys[] = {
	{ "listen", g_listen, true },
	{ "netbios name", g_netbios, false },
	{ "workgroup", g_workgroup, false },
	{ "server min protocol", g_min_proto, false },
	{ "server max protocol", g_max_proto, false },
	{ "server signing", g_signing, false },
	{ "server encryption", g_encryption, false },
	{ "encryption ciphers", g_ciphers, false },
	{ "signing algorithms", g_sign_algs, false },
	{ "max read size", g_max_read, false },
	{ "max write size", g_max_write, false },
	{ "max transact size", g_max_transact, false },
	{ "max credits", g_max_credits, false },
	{ "max connections", g_max_conn, false },
	{ "guest account", g_guest, false },
	{ "map to guest", g_map_to_guest, false },
	{ "allow anonymous", g_anonymous, false },
	{ "session expiry", g_expiry, false },
	{ "durable handle timeout", g_durable, false },
	{ "lease break timeout", g_lease_break, false },
	{ "state directory", g_state_dir, false },
	{ "control socket", g_control, false },
};
const size_t cfg_n_global_keys = sizeof(cfg_global_keys) / sizeof(cfg_global_keys[0]);

_Static_assert(sizeof(cfg_global_keys) / sizeof(cfg_global_keys[0]) <= CFG_MAX_KEYS,
               "the [global] table fits cfg_parse.key_line");
