/*
 * The server's settings from the parsed configuration (server.h
 * srv_settings_from_config).  One mechanism: the server copies
 * struct srv_settings and never looks at struct srv_config, so tests build
 * servers without a file and the configuration may be freed once the
 * server runs.  Per share, `valid users` becomes a set of indices into the
 * settings' users (srv_config_check has made sure every name is a
 * configured user or the guest account).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sim-server/config.h"
#include "sim-server/server.h"
#include "wire/tree_connect.h"

#define COPY(dst, src) ((size_t)snprintf((dst), sizeof(dst), "%s", (src)) < sizeof(dst))

int srv_settings_user_index(const struct srv_settings *s, const char *name)
{
	for (unsigned i = 0; i < s->user_count; i++)
		if (strcasecmp(s->users[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool share_from_config(const struct srv_config *cfg, const struct srv_share *in,
                              struct srv_settings *s, char *err, size_t errlen)
{
	struct srv_share_def *d = &s->shares[s->share_count++];

	if (!COPY(d->name, in->name) || !COPY(d->path, in->path)) {
		snprintf(err, errlen, "share '%s': name or path too long", in->name);
		return false;
	}
	d->read_only = in->read_only;
	d->encrypt = in->encrypt;
	d->caps = (in->continuous_availability ? SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY : 0) |
	          (in->cluster ? SMB2_SHARE_CAP_CLUSTER : 0) |
	          (in->scale_out ? SMB2_SHARE_CAP_SCALEOUT : 0) |
	          (in->asymmetric ? SMB2_SHARE_CAP_ASYMMETRIC : 0);
	d->max_connections = in->max_connections;
	d->restrict_users = in->n_valid_users > 0;
	for (size_t j = 0; j < in->n_valid_users; j++) {
		const char *n = in->valid_users[j];
		int k = srv_settings_user_index(s, n);
		bool guest = strcasecmp(n, cfg->guest_account) == 0;

		if (k < 0 && !guest) {
			snprintf(err, errlen, "valid users of share '%s' names '%s', who is not a "
			         "configured user", in->name, n);
			return false;
		}
		if (k >= 0)
			d->valid_users |= UINT64_C(1) << k;
		if (guest)
			d->valid_guest = true;
	}
	return true;
}

bool srv_settings_from_config(const struct srv_config *cfg, struct srv_settings *s, char *err,
                              size_t errlen)
{
	srv_settings_default(s);
	if (!COPY(s->netbios_name, cfg->netbios_name) ||
	    !COPY(s->guest_account, cfg->guest_account)) {
		snprintf(err, errlen, "netbios name or guest account too long");
		return false;
	}
	s->min_dialect = cfg->min_dialect;
	s->max_dialect = cfg->max_dialect;
	s->signing_required = cfg->signing == SRV_SIGNING_REQUIRED;
	s->encrypt = cfg->encryption != SRV_ENCRYPT_OFF;
	s->reject_unencrypted = cfg->encryption == SRV_ENCRYPT_REQUIRED;
	s->cipher_count = (unsigned)cfg->n_ciphers;
	memcpy(s->ciphers, cfg->ciphers, sizeof(s->ciphers));
	s->signing_alg_count = (unsigned)cfg->n_sign_algs;
	memcpy(s->signing_algs, cfg->sign_algs, sizeof(s->signing_algs));
	s->allow_guest = cfg->map_to_guest == SRV_GUEST_BAD_USER;
	s->allow_anonymous = cfg->allow_anonymous;
	/* Rounded up: a configured expiry never comes out as "never". */
	s->session_expiry_s = (uint32_t)((cfg->session_expiry_ms + 999) / 1000);
	s->durable_timeout_ms = cfg->durable_timeout_ms;
	s->max_read = cfg->max_read;
	s->max_write = cfg->max_write;
	s->max_transact = cfg->max_transact;
	s->max_credits = cfg->max_credits < SRV_MAX_CREDITS ? cfg->max_credits : SRV_MAX_CREDITS;
	s->lease_break_timeout_ms = cfg->lease_break_timeout_ms;
	if (cfg->n_shares > SRV_MAX_SHARES || cfg->n_users > SRV_MAX_USERS) {
		snprintf(err, errlen, "at most %d shares and %d users are served", SRV_MAX_SHARES,
		         SRV_MAX_USERS);
		return false;
	}
	/* Users first: the shares' valid users refer to them by index. */
	for (size_t i = 0; i < cfg->n_users; i++) {
		struct srv_user_def *u = &s->users[s->user_count++];
		if (!COPY(u->name, cfg->users[i].name)) {
			snprintf(err, errlen, "user name '%s' too long", cfg->users[i].name);
			return false;
		}
		memcpy(u->nt_hash, cfg->users[i].nt_hash, 16);
	}
	for (size_t i = 0; i < cfg->n_shares; i++)
		if (!share_from_config(cfg, &cfg->shares[i], s, err, errlen))
			return false;
	return true;
}
