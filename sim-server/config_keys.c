/*
 * What each section and key means: the tables of [global], share and
 * [user:NAME] keys, each with its setter.  Values arrive trimmed and
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

struct cfg_key {
	const char *name;
	bool (*set)(struct cfg_parse *p, const char *key, const char *v);
	bool repeatable;
};

static struct srv_share *cur_share(struct cfg_parse *p)
{
	return &p->cfg->shares[p->index];
}

static struct srv_user *cur_user(struct cfg_parse *p)
{
	return &p->cfg->users[p->index];
}

/* Replace *slot with a copy of v. */
static bool set_string(struct cfg_parse *p, char **slot, const char *v)
{
	char *copy = strdup(v);

	if (!copy)
		return cfg_fail(p, "out of memory");
	free(*slot);
	*slot = copy;
	return true;
}

/* Split a list on commas and blanks into words; calls fn for each. */
static bool for_each_word(struct cfg_parse *p, const char *key, const char *v,
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
	unsigned i;

	if (!choice(p, key, v, names, 3, "disabled, enabled, required", &i))
		return false;
	p->cfg->signing = (enum srv_signing)i;
	return true;
}

static bool g_encryption(struct cfg_parse *p, const char *key, const char *v)
{
	static const char *const names[] = { "off", "desired", "required" };
	unsigned i;

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

	if (!for_each_word(p, key, v, add_alg, &l))
		return false;
	memcpy(p->cfg->ciphers, l.ids, sizeof(l.ids));
	p->cfg->n_ciphers = l.n;
	return true;
}

static bool g_sign_algs(struct cfg_parse *p, const char *key, const char *v)
{
	struct id_list l = { .cipher = false };

	if (!for_each_word(p, key, v, add_alg, &l))
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

/* Windows user names may not hold these (nor control characters). */
static bool user_name_ok(struct cfg_parse *p, const char *what, const char *v)
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
	if (!user_name_ok(p, "guest account", v))
		return false;
	memcpy(p->cfg->guest_account, v, strlen(v) + 1);
	return true;
}

static bool g_map_to_guest(struct cfg_parse *p, const char *key, const char *v)
{
	static const char *const names[] = { "never", "bad user" };
	unsigned i;

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
	return set_string(p, &p->cfg->state_dir, v);
}

static bool g_control(struct cfg_parse *p, const char *key, const char *v)
{
	if (!*v || strlen(v) > SRV_CFG_MAX_SOCKET_PATH)
		return cfg_fail(p, "key '%s': a socket path must be 1 to %u bytes", key,
		                SRV_CFG_MAX_SOCKET_PATH);
	return set_string(p, &p->cfg->control_socket, v);
}

static const struct cfg_key global_keys[] = {
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

/* ---- shares ----------------------------------------------------------- */

static bool s_path(struct cfg_parse *p, const char *key, const char *v)
{
	(void)key;
	return cfg_share_set_path(p, cur_share(p), v);
}

#define SHARE_BOOL(fn, field) \
	static bool fn(struct cfg_parse *p, const char *key, const char *v) \
	{ return cfg_parse_bool(p, key, v, &cur_share(p)->field); }
SHARE_BOOL(s_read_only, read_only)
SHARE_BOOL(s_encrypt, encrypt)
SHARE_BOOL(s_ca, continuous_availability)
SHARE_BOOL(s_cluster, cluster)
SHARE_BOOL(s_scale_out, scale_out)
SHARE_BOOL(s_asymmetric, asymmetric)

static bool s_signing(struct cfg_parse *p, const char *key, const char *v)
{
	(void)v;
	/* MS-SMB2 3.3.5.2.4: signing is a property of the session (and of
	 * the server: RequireMessageSigning), never of a share. */
	return cfg_fail(p, "key '%s': SMB2 has no per-share signing (MS-SMB2 3.3.5.2.4 signs per "
	                "session); set 'server signing = required' in [global]", key);
}

static bool s_comment(struct cfg_parse *p, const char *key, const char *v)
{
	if (strlen(v) > SRV_CFG_MAX_COMMENT)
		return cfg_fail(p, "key '%s': longer than %u bytes", key, SRV_CFG_MAX_COMMENT);
	return set_string(p, &cur_share(p)->comment, v);
}

static bool s_max_conn(struct cfg_parse *p, const char *key, const char *v)
{
	uint64_t n;

	if (!cfg_parse_uint(p, key, v, 0, SRV_CFG_MAX_CONNECTIONS, &n))
		return false;
	cur_share(p)->max_connections = (unsigned)n;
	return true;
}

struct name_list {
	char *names[SRV_CFG_MAX_VALID_USERS];
	size_t n;
};

static bool add_name(struct cfg_parse *p, const char *key, const char *word, void *arg)
{
	struct name_list *l = arg;

	if (!user_name_ok(p, "user name", word))
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (cfg_name_equal(l->names[i], word))
			return cfg_fail(p, "key '%s': '%s' is listed twice", key, word);
	if (l->n == SRV_CFG_MAX_VALID_USERS)
		return cfg_fail(p, "key '%s': more than %d names", key, SRV_CFG_MAX_VALID_USERS);
	l->names[l->n] = strdup(word);
	if (!l->names[l->n])
		return cfg_fail(p, "out of memory");
	l->n++;
	return true;
}

static bool s_valid_users(struct cfg_parse *p, const char *key, const char *v)
{
	struct srv_share *sh = cur_share(p);
	struct name_list l = { .n = 0 };
	char **arr;

	if (!for_each_word(p, key, v, add_name, &l)) {
		for (size_t i = 0; i < l.n; i++)
			free(l.names[i]);
		return false;
	}
	arr = malloc(l.n * sizeof(*arr));
	if (!arr) {
		for (size_t i = 0; i < l.n; i++)
			free(l.names[i]);
		return cfg_fail(p, "out of memory");
	}
	memcpy(arr, l.names, l.n * sizeof(*arr));
	for (size_t i = 0; i < sh->n_valid_users; i++)
		free(sh->valid_users[i]);
	free(sh->valid_users);
	sh->valid_users = arr;
	sh->n_valid_users = l.n;
	sh->valid_users_origin = p->at;
	return true;
}

static const struct cfg_key share_keys[] = {
	{ "path", s_path, false },
	{ "read only", s_read_only, false },
	{ "encrypt", s_encrypt, false },
	{ "require signing", s_signing, false },
	{ "continuous availability", s_ca, false },
	{ "cluster", s_cluster, false },
	{ "scale out", s_scale_out, false },
	{ "asymmetric", s_asymmetric, false },
	{ "comment", s_comment, false },
	{ "max connections", s_max_conn, false },
	{ "valid users", s_valid_users, false },
};

/* ---- users ------------------------------------------------------------ */

static bool u_password(struct cfg_parse *p, const char *key, const char *v)
{
	(void)key;
	return cfg_user_set_password(p, cur_user(p), v);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static bool u_nt_hash(struct cfg_parse *p, const char *key, const char *v)
{
	struct srv_user *u = cur_user(p);
	uint8_t h[16];

	if (strlen(v) != 32)
		return cfg_fail(p, "key '%s': an NT hash is 32 hexadecimal digits", key);
	for (size_t i = 0; i < 16; i++) {
		int hi = hexval(v[2 * i]), lo = hexval(v[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return cfg_fail(p, "key '%s': an NT hash is 32 hexadecimal digits", key);
		h[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(u->nt_hash, h, 16);
	u->has_hash = true;
	cfg_wipe(h, sizeof(h));
	return true;
}

static const struct cfg_key user_keys[] = {
	{ "password", u_password, false },
	{ "nt hash", u_nt_hash, false },
};

_Static_assert(sizeof(global_keys) / sizeof(global_keys[0]) <= CFG_MAX_KEYS &&
               sizeof(share_keys) / sizeof(share_keys[0]) <= CFG_MAX_KEYS &&
               sizeof(user_keys) / sizeof(user_keys[0]) == 2,
               "key tables fit cfg_parse.key_line; user_keys pairs password and nt hash");

/* ---- sections and dispatch ------------------------------------------- */

static bool share_name_ok(struct cfg_parse *p, const char *v)
{
	size_t n = strlen(v);

	if (n > SRV_CFG_MAX_SHARE_NAME)
		return cfg_fail(p, "share name '%s' is longer than %u bytes", v,
		                SRV_CFG_MAX_SHARE_NAME);
	/* MS-SRVS 2.2.4.24 (shi1_netname) and Windows' rules for names. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f || strchr("\"/\\[]:|<>+=;,*?", v[i]))
			return cfg_fail(p, "share name '%s' holds '%c', which share names may not", v,
			                (unsigned char)v[i] < 0x20 ? '?' : v[i]);
	if (cfg_name_equal(v, "IPC$"))
		return cfg_fail(p, "share IPC$ is built in and cannot be configured");
	return true;
}

bool cfg_open_section(struct cfg_parse *p, const char *name)
{
	struct srv_config *cfg = p->cfg;

	memset(p->key_line, 0, sizeof(p->key_line));
	if (cfg_key_equal(name, "global")) {
		if (p->check_dups && p->global_line)
			return cfg_fail(p, "duplicate section [global] (first on line %u)",
			                p->global_line);
		p->global_line = p->at.line;
		p->kind = CFG_SEC_GLOBAL;
		return true;
	}
	if (!strncasecmp(name, "user:", 5)) {
		struct srv_user *u;

		name += 5;
		if (!user_name_ok(p, "user name", name))
			return false;
		u = cfg_user_find(cfg, name);
		if (u && p->check_dups && u->origin.file == p->at.file)
			return cfg_fail(p, "duplicate section [user:%s] (first on line %u)", name,
			                u->origin.line);
		if (!u && !(u = cfg_user_add(cfg, name)))
			return cfg_fail(p, "too many users (at most %d) or out of memory",
			                SRV_CFG_MAX_USERS);
		if (!u->origin.line)
			u->origin = p->at;
		p->index = (size_t)(u - cfg->users);
		p->kind = CFG_SEC_USER;
		return true;
	}
	struct srv_share *sh;

	if (!share_name_ok(p, name))
		return false;
	sh = cfg_share_find(cfg, name);
	if (sh && p->check_dups && sh->origin.file == p->at.file)
		return cfg_fail(p, "duplicate share [%s] (first on line %u)", name, sh->origin.line);
	if (!sh && !(sh = cfg_share_add(cfg, name)))
		return cfg_fail(p, "too many shares (at most %d) or out of memory",
		                SRV_CFG_MAX_SHARES);
	if (!sh->origin.line)
		sh->origin = p->at;
	p->index = (size_t)(sh - cfg->shares);
	p->kind = CFG_SEC_SHARE;
	return true;
}

bool cfg_set_key(struct cfg_parse *p, const char *key, const char *value)
{
	const struct cfg_key *table;
	size_t n;
	const char *what;

	switch (p->kind) {
	case CFG_SEC_GLOBAL:
		table = global_keys, n = sizeof(global_keys) / sizeof(global_keys[0]);
		what = "[global]";
		break;
	case CFG_SEC_USER:
		table = user_keys, n = sizeof(user_keys) / sizeof(user_keys[0]);
		what = "a [user:NAME] section";
		break;
	case CFG_SEC_SHARE:
		table = share_keys, n = sizeof(share_keys) / sizeof(share_keys[0]);
		what = "a share section";
		break;
	default:
		return cfg_fail(p, "key '%s' outside any section", key);
	}
	for (size_t i = 0; i < n; i++) {
		if (!cfg_key_equal(key, table[i].name))
			continue;
		if (p->check_dups && !table[i].repeatable && p->key_line[i])
			return cfg_fail(p, "duplicate key '%s' (first set on line %u)", table[i].name,
			                p->key_line[i]);
		/* user_keys has two entries, password and nt hash: one or the other. */
		if (p->check_dups && p->kind == CFG_SEC_USER && p->key_line[i ^ 1])
			return cfg_fail(p, "key '%s': the user already has %s (line %u); give one of "
			                "password and nt hash", table[i].name,
			                table[i ^ 1].name, p->key_line[i ^ 1]);
		p->key_line[i] = p->at.line ? p->at.line : 1;
		return table[i].set(p, table[i].name, value);
	}
	return cfg_fail(p, "unknown key '%s' in %s", key, what);
}
