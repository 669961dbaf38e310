/*
 * Internal to the sample catalogue (samples*.c): the entry table and the
 * helpers each family file uses.
 */
#ifndef SMBSIM_TESTS_SAMPLES_INT_H
#define SMBSIM_TESTS_SAMPLES_INT_H

#include "samples.h"
#include "wire/hdr.h"

/*
 * A sample builder.  samples_build() hands it a header already filled
 * with the defaults (MessageId, SessionId, TreeId, credits, Command and
 * the response flag from the table entry); the builder may adjust it,
 * must call sample_begin() once, then append the body and record any
 * FileId, dialects or create contexts in *info.
 */
typedef NTSTATUS (*sample_fn)(struct wr *w, struct smb2_hdr *h, struct sample_info *info);

struct sample_entry {
	const char *name;
	uint16_t command;
	bool is_response;
	sample_fn build;
};

/* Encode the header and record its fields in *info (the first call of a
 * sample; later calls, for the other members of a compound chain, only
 * count the message). */
NTSTATUS sample_begin(struct wr *w, const struct smb2_hdr *h, struct sample_info *info);

/* Expect tshark field `field` to show exactly the '|'-joined values
 * (sample_expect) or at least each of them (sample_expect_has). */
void sample_expect(struct sample_info *info, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sample_expect_has(struct sample_info *info, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record a FileId / a create context name (4 ASCII chars or 16 bytes). */
void sample_file_id(struct sample_info *info, const struct smb2_fileid *id);
void sample_create_ctx(struct sample_info *info, const uint8_t *name, size_t len);

/* NEGOTIATE request offering the first ndialects of 2.0.2, 2.1, 3.0,
 * 3.0.2, 3.1.1 (all five: with every negotiate context type), and the
 * response choosing `dialect` (3.1.1: with the cipher and signing
 * algorithm given and the other response contexts). */
NTSTATUS sample_negotiate_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                              uint16_t ndialects);
NTSTATUS sample_negotiate_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                              uint16_t dialect, uint16_t cipher, uint16_t sign_alg);

/* The FileId every sample uses for "the open file". */
extern const struct smb2_fileid sample_fid;

/* Family tables; each ends where its count says. */
extern const struct sample_entry samples_session[];
extern const size_t samples_session_count;
extern const struct sample_entry samples_file[];
extern const size_t samples_file_count;
extern const struct sample_entry samples_io[];
extern const size_t samples_io_count;
extern const struct sample_entry samples_frames[];
extern const size_t samples_frames_count;
extern const struct sample_entry samples_teardown[];
extern const size_t samples_teardown_count;
extern const struct sample_entry samples_dialects[];
extern const size_t samples_dialects_count;
extern const struct sample_entry samples_auth[];
extern const size_t samples_auth_count;
extern const struct sample_entry samples_cctx[];
extern const size_t samples_cctx_count;
extern const struct sample_entry samples_fsctl[];
extern const size_t samples_fsctl_count;
extern const struct sample_entry samples_info[];
extern const size_t samples_info_count;
extern const struct sample_entry samples_misc[];
extern const size_t samples_misc_count;
extern const struct sample_entry samples_crypto[];
extern const size_t samples_crypto_count;

#endif
