/*
 * The configuration model: defaults, shares and users, the checks across
 * settings, and the lookups the server makes (config.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/ntlmssp_crypto.h"
#include "crypto/encrypt.h"
#include "sim-server/config_int.h"
#include "wire/negotiate_ctx.h"
#include "wire/smb2.h"
#include "wire/tree_connect.h"

struct srv_config *srv_config_new(void)
{
	struct srv_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	memcpy(cfg->netbios_name, SRV_CFG_DEFAULT_NETBIOS, sizeof(SRV_CFG_DEFAULT_NETBIOS));
	memcpy(cfg->workgroup, SRV_CFG_DEFAULT_WORKGROUP, sizeof(SRV_CFG_DEFAULT_WORKGROUP));
	memcpy(cfg->guest_account, SRV_CFG_DEFAULT_GUEST, sizeof(SRV_CFG_DEFAULT_GUEST));
	cfg->min_dialect = SMB2_DIALECT_202;
	cfg->max_dialect = SMB2_DIALECT_311;
	cfg->signing = SRV_SIGNING_ENABLED;
	cfg->encryption = SRV_ENCRYPT_OFF;
	/* Windows' default preference order (MS-SMB2 3.3.5.2.5.2 lets the
	 * server choose; Windows prefers GCM, then 128-bit keys). */
	cfg->ciphers[0] = SMB2_CIPHER_AES128_GCM;
	cfg->ciphers[1] = SMB2_CIPHER_AES128_CCM;
	cfg->ciphers[2] = SMB2_CIPHER_AES256_GCM;
	cfg->ciphers[3] = SMB2_CIPHER_AES256_CCM;
	cfg->n_ciphers = 4;
	cfg->sign_algs[0] = SMB2_SIGNING_AES_GMAC;
	cfg->sign_algs[1] = SMB2_SIGNING_AES_CMAC;
	cfg->sign_algs[2] = SMB2_SIGNING_HMAC_SHA256;
	cfg->n_sign_algs = 3;
	cfg->max_read = cfg->max_write = cfg->max_transact = SRV_CFG_DEFAULT_IO_SIZE;
	cfg->max_credits = SRV_CFG_DEFAULT_CREDITS;
	cfg->max_connections = SRV_CFG_DEFAULT_CONNECTIONS;
	cfg->map_to_guest = SRV_GUEST_NEVER;
	cfg->durable_timeout_ms = SRV_CFG_DEFAULT_DURABLE_MS;
	cfg->lease_break_timeout_ms = SRV_CFG_DEFAULT_LEASE_BREAK_MS;
	return cfg;
}

void srv_config_free(struct srv_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_shares; i++) {
		struct srv_share *sh = &cfg->shares[i];

		free(sh->name);
		free(sh->path);
		free(sh->comment);
		for (size_t j = 0; j < sh->n_valid_users; j++)
			free(sh->valid_users[j]);
		free(sh->valid_users);
	}
	free(cfg->shares);
	for (size_t i = 0; i < cfg->n_users; i++) {
		free(cfg->users[i].name);
		cfg_wipe(cfg->users[i].nt_hash, sizeof(cfg->users[i].nt_hash));
	}
	free(cfg->users);
	for (size_t i = 0; i < cfg->n_files; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg->state_dir);
	free(cfg->control_socket);
	free(cfg);
}

const char *cfg_intern_file(struct srv_config *cfg, const char *name)
{
	char **files, *copy;

	for (size_t i = 0; i < cfg->n_files; i++)
		if (!strcmp(cfg->files[i], name))
			return cfg->files[i];
	copy = strdup(name);
	files = copy ? realloc(cfg->files, (cfg->n_files + 1) * sizeof(*files)) : NULL;
	if (!files) {
		free(copy);
		return NULL;
	}
	cfg->files = files;
	files[cfg->n_files++] = copy;
	return copy;
}

/* ---- shares and users ------------------------------------------------ */

struct srv_share *cfg_share_find(struct srv_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_shares; i++)
		if (cfg_name_equal(cfg->shares[i].name, name))
			return &cfg->shares[i];
	return NULL;
}

struct srv_user *cfg_user_find(struct srv_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_users; i++)
		if (cfg_name_equal(cfg->users[i].name, name))
			return &cfg->users[i];
	return NULL;
}

struct srv_share *cfg_share_add(struct srv_config *cfg, const char *name)
{
	struct srv_share *arr, *sh;
	char *n, *comment;

	if (cfg->n_shares == SRV_CFG_MAX_SHARES)
		return NULL;
	n = strdup(name);
	comment = strdup("");
	arr = (n && comment) ? realloc(cfg->shares, (cfg->n_shares + 1) * sizeof(*arr)) : NULL;
	if (!arr) {
		free(n);
		free(comment);
		return NULL;
	}
	cfg->shares = arr;
	sh = &arr[cfg->n_shares++];
	memset(sh, 0, sizeof(*sh));
	sh->name = n;
	sh->comment = comment;
	return sh;
}

struct srv_user *cfg_user_add(struct srv_config *cfg, const char *name)
{
	struct srv_user *arr, *u;
	char *n;

	if (cfg->n_users == SRV_CFG_MAX_USERS)
		return NULL;
	n = strdup(name);
	arr = n ? realloc(cfg->users, (cfg->n_users + 1) * sizeof(*arr)) : NULL;
	if (!arr) {
		free(n);
		return NULL;
	}
	cfg->users = arr;
	u = &arr[cfg->n_users++];
	memset(u, 0, sizeof(*u));
	u->name = n;
	return u;
}

bool cfg_share_set_path(struct cfg_parse *p, struct srv_share *sh, const char *path)
{
	struct stat st;
	char *real;

	if (!*path || strlen(path) > SRV_CFG_MAX_PATH)
		return cfg_fail(p, "key 'path': the path must be 1 to %u bytes", SRV_CFG_MAX_PATH);
	if (stat(path, &st) != 0)
		return cfg_fail(p, "key 'path': '%s' of share '%s' does not exist (%s)", path,
		                sh->name, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cfg_fail(p, "key 'path': '%s' of share '%s' is not a directory", path,
		                sh->name);
	real = realpath(path, NULL);
	if (!real)
		return cfg_fail(p, "key 'path': cannot resolve '%s': %s", path, strerror(errno));
	free(sh->path);
	sh->path = real;
	return true;
}

bool cfg_user_set_password(struct cfg_parse *p, struct srv_user *u, const char *password)
{
	uint8_t h[16];

	if (ntlm_nt_hash(password, h) != STATUS_SUCCESS) {
		cfg_wipe(h, sizeof(h));
		return cfg_fail(p, "user '%s': cannot compute the NT hash of the password%s%s",
		                u->name, *ntlm_crypto_error() ? ": " : "", ntlm_crypto_error());
	}
	memcpy(u->nt_hash, h, sizeof(h));
	u->has_hash = true;
	cfg_wipe(h, sizeof(h));
	return true;
}

bool cfg_parse_listen(struct cfg_parse *p, const char *v, struct srv_listen *out)
{
	char host[SRV_CFG_MAX_LINE + 1], shown[INET6_ADDRSTRLEN];
	const char *port_s = NULL;
	uint64_t port = SRV_CFG_DEFAULT_PORT;
	struct srv_listen l;
	bool v6;

	memset(&l, 0, sizeof(l));
	if (strlen(v) > SRV_CFG_MAX_LINE)
		return cfg_fail(p, "key 'listen': the address is too long");
	if (v[0] == '[') {
		const char *close = strchr(v, ']');

		if (!close || (close[1] && close[1] != ':'))
			return cfg_fail(p, "key 'listen': '%s' is not [IPv6]:PORT", v);
		memcpy(host, v + 1, (size_t)(close - v - 1));
		host[close - v - 1] = 0;
		port_s = close[1] ? close + 2 : NULL;
		v6 = true;
	} else {
		const char *colon = strchr(v, ':');

		if (colon && strchr(colon + 1, ':'))
			return cfg_fail(p, "key 'listen': '%s': put an IPv6 address in brackets, "
			                "[ADDR]:PORT", v);
		memcpy(host, v, colon ? (size_t)(colon - v) : strlen(v) + 1);
		if (colon)
			host[colon - v] = 0;
		port_s = colon ? colon + 1 : NULL;
		v6 = false;
	}
	if (port_s && !cfg_parse_uint(p, "listen", port_s, 1, 65535, &port))
		return false;
	if (v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&l.addr;

		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return cfg_fail(p, "key 'listen': '%s' is not an IPv6 address", host);
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		l.addr_len = sizeof(*a);
		inet_ntop(AF_INET6, &a->sin6_addr, shown, sizeof(shown));
		snprintf(l.text, sizeof(l.text), "[%s]:%u", shown, (unsigned)port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&l.addr;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return cfg_fail(p, "key 'listen': '%s' is not an IPv4 address (or [IPv6])",
			                host);
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		l.addr_len = sizeof(*a);
		inet_ntop(AF_INET, &a->sin_addr, shown, sizeof(shown));
		snprintf(l.text, sizeof(l.text), "%s:%u", shown, (unsigned)port);
	}
	*out = l;
	return true;
}

/* ---- checks across settings ----------------------------------------- */

static bool share_check(const struct srv_config *cfg, const struct srv_share *sh, char *err,
                        size_t errlen)
{
	static const struct { size_t off; const char *key; uint16_t needs; } feats[] = {
		{ offsetof(struct srv_share, encrypt), "encrypt", SMB2_DIALECT_300 },
		{ offsetof(struct srv_share, continuous_availability), "continuous availability",
		  SMB2_DIALECT_300 },
		{ offsetof(struct srv_share, cluster), "cluster", SMB2_DIALECT_300 },
		{ offsetof(struct srv_share, scale_out), "scale out", SMB2_DIALECT_300 },
		/* MS-SMB2 2.2.10: SMB2_SHARE_CAP_ASYMMETRIC is for 3.0.2 and later. */
		{ offsetof(struct srv_share, asymmetric), "asymmetric", SMB2_DIALECT_302 },
	};

	if (!sh->path)
		return cfg_fail_at(err, errlen, &sh->origin, "share '%s' has no path", sh->name);
	for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++) {
		bool on;

		memcpy(&on, (const char *)sh + feats[i].off, sizeof(on));
		if (on && cfg->max_dialect < feats[i].needs)
			return cfg_fail_at(err, errlen, &sh->origin,
			                   "share '%s': '%s' needs %s or later, but server max "
			                   "protocol is %s", sh->name, feats[i].key,
			                   srv_dialect_name(feats[i].needs),
			                   srv_dialect_name(cfg->max_dialect));
	}
	for (size_t i = 0; i < sh->n_valid_users; i++) {
		const char *n = sh->valid_users[i];

		if (!srv_config_find_user(cfg, n, NULL) && !cfg_name_equal(n, cfg->guest_account))
			return cfg_fail_at(err, errlen, &sh->valid_users_origin,
			                   "valid users of share '%s' names '%s', who is not a "
			                   "configured user", sh->name, n);
	}
	return true;
}

bool srv_config_check(const struct srv_config *cfg, char *errbuf, size_t errlen)
{
	if (cfg->min_dialect > cfg->max_dialect)
		return cfg_fail_at(errbuf, errlen, &cfg->dialect_origin,
		                   "server min protocol %s is above server max protocol %s",
		                   srv_dialect_name(cfg->min_dialect),
		                   srv_dialect_name(cfg->max_dialect));
	/* MS-SMB2 3.3.5.2.5: encryption exists from 3.0 on. */
	if (cfg->encryption == SRV_ENCRYPT_REQUIRED && cfg->max_dialect < SMB2_DIALECT_300)
		return cfg_fail_at(errbuf, errlen, &cfg->encryption_origin,
		                   "server encryption = required needs SMB3_00 or later, but "
		                   "server max protocol is %s", srv_dialect_name(cfg->max_dialect));
	for (size_t i = 0; i < cfg->n_users; i++)
		if (!cfg->users[i].has_hash)
			return cfg_fail_at(errbuf, errlen, &cfg->users[i].origin,
			                   "user '%s' has neither password nor nt hash",
			                   cfg->users[i].name);
	for (size_t i = 0; i < cfg->n_shares; i++)
		if (!share_check(cfg, &cfg->shares[i], errbuf, errlen))
			return false;
	return true;
}

/* ---- lookups --------------------------------------------------------- */

const struct srv_share *srv_config_find_share(const struct srv_config *cfg,
                                              const char *name_utf8)
{
	for (size_t i = 0; i < cfg->n_shares; i++)
		if (cfg_name_equal(cfg->shares[i].name, name_utf8))
			return &cfg->shares[i];
	return NULL;
}

const struct srv_user *srv_config_find_user(const struct srv_config *cfg, const char *user,
                                            const char *domain)
{
	(void)domain;
	for (size_t i = 0; i < cfg->n_users; i++)
		if (cfg->users[i].has_hash && cfg_name_equal(cfg->users[i].name, user))
			return &cfg->users[i];
	return NULL;
}

bool srv_share_user_allowed(const struct srv_share *share, const char *user)
{
	if (!share->n_valid_users)
		return true;
	for (size_t i = 0; i < share->n_valid_users; i++)
		if (cfg_name_equal(share->valid_users[i], user))
			return true;
	return false;
}

uint32_t srv_share_capabilities(const struct srv_share *share, uint16_t dialect)
{
	uint32_t caps = 0;

	if (dialect < SMB2_DIALECT_300)
		return 0;
	if (share->continuous_availability)
		caps |= SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY;
	if (share->scale_out)
		caps |= SMB2_SHARE_CAP_SCALEOUT;
	if (share->cluster)
		caps |= SMB2_SHARE_CAP_CLUSTER;
	if (share->asymmetric && dialect >= SMB2_DIALECT_302)
		caps |= SMB2_SHARE_CAP_ASYMMETRIC;
	return caps;
}

uint32_t srv_share_flags(const struct srv_share *share, uint16_t dialect)
{
	uint32_t flags = SMB2_SHAREFLAG_MANUAL_CACHING;

	if (share->encrypt && dialect >= SMB2_DIALECT_300)
		flags |= SMB2_SHAREFLAG_ENCRYPT_DATA;
	return flags;
}

NTSTATUS srv_config_ntlm_lookup(void *arg, const char *user, const char *domain,
                                uint8_t nt_hash[16])
{
	const struct srv_user *u = srv_config_find_user(arg, user, domain);

	if (!u)
		return STATUS_NO_SUCH_USER;
	memcpy(nt_hash, u->nt_hash, 16);
	return STATUS_SUCCESS;
}

void srv_config_ntlmssp(const struct srv_config *cfg, struct ntlmssp_server_cfg *out)
{
	memset(out, 0, sizeof(*out));
	out->netbios_name = cfg->netbios_name;
	out->netbios_domain = cfg->workgroup;
	out->lookup = srv_config_ntlm_lookup;
	/* The callback's arg is not const; the lookup only reads. */
	out->lookup_arg = (void *)(uintptr_t)cfg;
	out->allow_guest = cfg->map_to_guest == SRV_GUEST_BAD_USER;
	out->allow_anonymous = cfg->allow_anonymous;
}
