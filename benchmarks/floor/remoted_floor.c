/*
 * The least any manager can spend per event on this machine, end to end as OssecSharp's remoted is measured: a plain
 * C receiver, one thread, for AES agents with an !id! prefix (what ossec-loadtool sends). Per datagram: find the
 * agent, AES-256-CBC decrypt through OpenSSL's EVP, strip the '!' padding, inflate on a kept zlib stream, check the
 * MD5, parse the counters and apply the replay rule (spec keys-and-crypto.md §6.2, §8); per event, one archives.log
 * line and one archives.json line, buffered and written once per receive batch; per agent, its queue/rids file
 * written after 128 of its messages. It reads 64 datagrams per recvmmsg. Control messages (#!-) are dropped, not
 * answered; there is no reload, no Blowfish, no source-IP lookup, no logging: a floor, not a remoted.
 * See remoted.sh --floor and docs/benchmarks/remoted.md.
 *
 * usage: remoted_floor <install home> <udp port>
 *   reads <home>/etc/client.keys; appends to <home>/logs/archives/archives.{log,json}; writes <home>/queue/rids/<id>.
 *   Stops on SIGTERM or SIGINT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define BATCH 64
#define DATAGRAM 6144
#define MAX_ID 100000
#define FLUSH_EVERY 128
#define OUT_ROOM (BATCH * DATAGRAM * 2 + 65536) /* flushed early when an event might not fit */

struct agent {
    char id[16], name[128], ip[64];
    unsigned char aes_key[32];
    unsigned int global, local, unflushed;
    int rids;
    char prefix[256], json_agent[512]; /* "(name) ip->" and "\"agent\":{...},", made once as remoted does */
    size_t prefix_length, json_agent_length;
};

static struct agent *agents[MAX_ID];
static volatile sig_atomic_t stopping;
static char home[4096];

static void on_signal(int number) { (void)number; stopping = 1; }

static void md5hex(const unsigned char *data, size_t length, char out[33])
{
    unsigned char digest[16];
    static const char hex[] = "0123456789abcdef";
    EVP_Digest(data, length, digest, NULL, EVP_md5(), NULL);
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[32] = 0;
}

static int load_keys(void)
{
    char path[4200], line[1024];
    snprintf(path, sizeof path, "%s/etc/client.keys", home);
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); return -1; }
    int count = 0;
    while (fgets(line, sizeof line, file)) {
        struct agent a = { .rids = -1 };
        char key[512];
        if (sscanf(line, "%15s %127s %63s %511s", a.id, a.name, a.ip, key) != 4 || a.name[0] == '#' || a.name[0] == '!') continue;
        long number = strtol(a.id, NULL, 10);
        if (number <= 0 || number >= MAX_ID) continue;
        char hex[33];
        md5hex((unsigned char *)key, strlen(key), hex);
        memcpy(a.aes_key, hex, 32);
        a.prefix_length = (size_t)snprintf(a.prefix, sizeof a.prefix, "(%s) %s->", a.name, a.ip);
        a.json_agent_length = (size_t)snprintf(a.json_agent, sizeof a.json_agent,
            "\"agent\":{\"id\":\"%s\",\"name\":\"%s\",\"ip\":\"%s\"},", a.id, a.name, a.ip);
        agents[number] = malloc(sizeof a);
        *agents[number] = a;
        count++;
    }
    fclose(file);
    return count;
}

/* The receive counter at offset 0, as OSSEC writes queue/rids/<id>: "<global>:<local>:". */
static void write_rids(struct agent *a)
{
    if (a->rids < 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/queue/rids/%s", home, a->id);
        a->rids = open(path, O_WRONLY | O_CREAT, 0640);
        if (a->rids < 0) return;
    }
    char text[32];
    int length = snprintf(text, sizeof text, "%u:%u:", a->global, a->local);
    if (pwrite(a->rids, text, length, 0) != length) perror("rids");
    a->unflushed = 0;
}

/* JSON string content: quotes, backslashes and control characters escaped. */
static size_t json_escape(char *out, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    size_t at = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') { out[at++] = '\\'; out[at++] = (char)c; }
        else if (c < 0x20) { memcpy(out + at, "\\u00", 4); out[at + 4] = hex[c >> 4]; out[at + 5] = hex[c & 15]; at += 6; }
        else out[at++] = (char)c;
    }
    return at;
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: %s <install home> <udp port>\n", argv[0]); return 2; }
    snprintf(home, sizeof home, "%s", argv[1]);
    struct rlimit files = { 65536, 65536 };
    setrlimit(RLIMIT_NOFILE, &files);
    int registered = load_keys();
    if (registered <= 0) { fprintf(stderr, "remoted_floor: no agents in client.keys\n"); return 1; }

    char path[4200];
    snprintf(path, sizeof path, "%s/logs/archives/archives.log", home);
    int log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0640);
    snprintf(path, sizeof path, "%s/logs/archives/archives.json", home);
    int json_fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0640);
    if (log_fd < 0 || json_fd < 0) { perror("archives"); return 1; }

    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    int room = 32 * 1024 * 1024;
    if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof room) != 0)
        setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &room, sizeof room);
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2])) };
    inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
    if (bind(sock, (struct sockaddr *)&local, sizeof local) != 0) { perror("bind"); return 1; }

    struct sigaction action = { .sa_handler = on_signal }; /* no SA_RESTART: recvmmsg returns EINTR */
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    char manager[256] = "localhost";
    gethostname(manager, sizeof manager);
    static unsigned char datagrams[BATCH][DATAGRAM + 1];
    static unsigned char plain[DATAGRAM + 32], full[DATAGRAM + 1];
    static char log_out[OUT_ROOM], json_out[OUT_ROOM];
    struct mmsghdr messages[BATCH];
    struct iovec vectors[BATCH];
    struct sockaddr_in peers[BATCH];
    for (int i = 0; i < BATCH; i++) {
        vectors[i] = (struct iovec){ datagrams[i], DATAGRAM };
        messages[i].msg_hdr = (struct msghdr){ .msg_name = &peers[i], .msg_namelen = sizeof peers[i], .msg_iov = &vectors[i], .msg_iovlen = 1 };
    }
    EVP_CIPHER_CTX *aes = EVP_CIPHER_CTX_new();
    z_stream z = { 0 };
    inflateInit(&z);
    static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t stamped = 0;
    char line_head[32], json_head[64], manager_member[300];
    size_t line_head_length = 0, json_head_length = 0;
    size_t manager_member_length = (size_t)snprintf(manager_member, sizeof manager_member, "\"manager\":{\"name\":\"%s\"},", manager);
    unsigned long events = 0, dropped = 0;

    while (!stopping) {
        for (int i = 0; i < BATCH; i++) messages[i].msg_hdr.msg_namelen = sizeof peers[i];
        int count = recvmmsg(sock, messages, BATCH, MSG_WAITFORONE, NULL);
        if (count < 0) { if (errno == EINTR) continue; perror("recvmmsg"); break; }

        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        if (now.tv_sec != stamped) {
            struct tm t;
            localtime_r(&now.tv_sec, &t);
            line_head_length = (size_t)snprintf(line_head, sizeof line_head, "%04d %s %02d %02d:%02d:%02d ",
                t.tm_year + 1900, months[t.tm_mon], t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
            json_head_length = strftime(json_head, sizeof json_head, "{\"timestamp\":\"%Y-%m-%dT%H:%M:%S.", &t);
            stamped = now.tv_sec;
        }
        size_t log_at = 0, json_at = 0;
        int millis = (int)(now.tv_nsec / 1000000);

        for (int i = 0; i < count; i++) {
            unsigned char *p = datagrams[i];
            size_t n = messages[i].msg_len;
            if (n < 3 || p[0] != '!') { dropped++; continue; }
            size_t at = 1;
            long id = 0;
            while (at < n && p[at] >= '0' && p[at] <= '9' && id < MAX_ID) id = id * 10 + (p[at++] - '0');
            struct agent *a = id > 0 && id < MAX_ID ? agents[id] : NULL;
            if (!a || at >= n || p[at] != '!' || n - at < 1 + 5 + 16 + 16 || memcmp(p + at + 1, "#AES:", 5) != 0) { dropped++; continue; }
            at += 6;
            int written = 0, last = 0;
            if (!EVP_DecryptInit_ex(aes, EVP_aes_256_cbc(), NULL, a->aes_key, p + at)
                || !EVP_DecryptUpdate(aes, plain, &written, p + at + 16, (int)(n - at - 16))
                || !EVP_DecryptFinal_ex(aes, plain + written, &last)) { dropped++; continue; }
            size_t plain_length = (size_t)(written + last), skip = 0;
            while (skip < plain_length && plain[skip] == '!') skip++;
            if (skip == 0) { dropped++; continue; }
            inflateReset(&z);
            z.next_in = plain + skip;
            z.avail_in = (unsigned)(plain_length - skip);
            z.next_out = full;
            z.avail_out = DATAGRAM;
            int inflated = inflate(&z, Z_FINISH);
            if (inflated != Z_STREAM_END && inflated != Z_OK && inflated != Z_BUF_ERROR) { dropped++; continue; }
            size_t full_length = DATAGRAM - z.avail_out;
            if (full_length < 32 + 21) { dropped++; continue; }
            char sum[33];
            md5hex(full + 32, full_length - 32, sum);
            if (memcmp(sum, full, 32) != 0 || full[32 + 15] != ':' || full[32 + 20] != ':') { dropped++; continue; }
            unsigned int global = 0, counter = 0;
            for (int k = 5; k < 15; k++) global = global * 10 + (full[32 + k] - '0');
            for (int k = 16; k < 20; k++) counter = counter * 10 + (full[32 + k] - '0');
            if (!(global > a->global || (global == a->global && counter > a->local))) { dropped++; continue; }
            a->global = global;
            a->local = counter;
            if (++a->unflushed >= FLUSH_EVERY) write_rids(a);

            char *payload = (char *)full + 32 + 21;
            size_t payload_length = full_length - 32 - 21;
            if (payload_length >= 3 && memcmp(payload, "#!-", 3) == 0) continue;
            char *colon = payload_length >= 2 && payload[1] == ':' ? memchr(payload + 2, ':', payload_length - 2) : NULL;
            if (!colon) { dropped++; continue; }
            char *location = payload + 2, *text = colon + 1;
            size_t location_length = (size_t)(colon - location), text_length = payload_length - (size_t)(text - payload);
            if (OUT_ROOM - json_at < 7 * DATAGRAM + 1024 || OUT_ROOM - log_at < DATAGRAM + 1024) {
                if (write(log_fd, log_out, log_at) != (ssize_t)log_at) perror("archives.log");
                if (write(json_fd, json_out, json_at) != (ssize_t)json_at) perror("archives.json");
                log_at = json_at = 0;
            }
            memcpy(log_out + log_at, line_head, line_head_length);
            log_at += line_head_length;
            memcpy(log_out + log_at, a->prefix, a->prefix_length);
            log_at += a->prefix_length;
            memcpy(log_out + log_at, location, location_length);
            log_at += location_length;
            log_out[log_at++] = ' ';
            for (size_t k = 0; k < text_length; k++) log_out[log_at++] = text[k] == '\n' || text[k] == '\r' ? ' ' : text[k];
            log_out[log_at++] = '\n';

            memcpy(json_out + json_at, json_head, json_head_length);
            json_at += json_head_length;
            json_out[json_at++] = (char)('0' + millis / 100);
            json_out[json_at++] = (char)('0' + millis / 10 % 10);
            json_out[json_at++] = (char)('0' + millis % 10);
            memcpy(json_out + json_at, "+0000\",", 7);
            json_at += 7;
            memcpy(json_out + json_at, a->json_agent, a->json_agent_length);
            json_at += a->json_agent_length;
            memcpy(json_out + json_at, manager_member, manager_member_length);
            json_at += manager_member_length;
            json_at += (size_t)sprintf(json_out + json_at, "\"queue\":\"%c\",\"location\":\"", payload[0]);
            json_at += json_escape(json_out + json_at, a->prefix, a->prefix_length);
            json_at += json_escape(json_out + json_at, location, location_length);
            memcpy(json_out + json_at, "\",\"full_log\":\"", 14);
            json_at += 14;
            json_at += json_escape(json_out + json_at, text, text_length);
            memcpy(json_out + json_at, "\"}\n", 3);
            json_at += 3;
            events++;
        }
        if (log_at && write(log_fd, log_out, log_at) != (ssize_t)log_at) perror("archives.log");
        if (json_at && write(json_fd, json_out, json_at) != (ssize_t)json_at) perror("archives.json");
    }

    for (long id = 0; id < MAX_ID; id++)
        if (agents[id] && agents[id]->unflushed) write_rids(agents[id]);
    fprintf(stderr, "remoted_floor: %lu events written, %lu datagrams dropped, %d agents\n", events, dropped, registered);
    return 0;
}
