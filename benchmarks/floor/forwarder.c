/*
 * The least any agent can spend per event on this machine: a plain C forwarder that reads datagrams from a unix
 * socket (as agentd reads logcollector's queue) and sends each as one UDP datagram to 127.0.0.1:<port>, with or
 * without the per-event work OSSEC's secure channel asks for (a counter written at offset 0, MD5 of the message,
 * zlib level 9 on a stream kept and reset, AES-256-CBC through OpenSSL's EVP). No framing, no keys, no replies:
 * a floor, not an agent. See floor.py and docs/benchmarks/agentd.md.
 *
 * usage: forwarder <unix socket path> <udp port> <plain|protocol> [coalesce]
 *   coalesce: after a blocking read, drain without blocking and pause 4 ms while datagrams keep coming (agentd's
 *   QueueCoalescing at 1,000 events/s); otherwise one blocking read per datagram.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_MESSAGE 65536

static unsigned char input[MAX_MESSAGE], packed[MAX_MESSAGE + 1024], sealed[MAX_MESSAGE + 1088];

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s <unix socket> <udp port> <plain|protocol> [coalesce]\n", argv[0]);
        return 2;
    }
    int protocol = strcmp(argv[3], "protocol") == 0;
    int coalesce = argc > 4 && strcmp(argv[4], "coalesce") == 0;

    int queue = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un local = { .sun_family = AF_UNIX };
    snprintf(local.sun_path, sizeof local.sun_path, "%s", argv[1]);
    unlink(local.sun_path);
    if (queue < 0 || bind(queue, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("forwarder: queue socket");
        return 1;
    }

    int out = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in manager = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2])) };
    manager.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (out < 0 || connect(out, (struct sockaddr *)&manager, sizeof manager) != 0) {
        perror("forwarder: udp socket");
        return 1;
    }

    /* The counter file lives beside the socket, in the caller's scratch folder. */
    char counter_path[sizeof local.sun_path + 16];
    snprintf(counter_path, sizeof counter_path, "%s.counter", argv[1]);
    int counter = open(counter_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (counter < 0) {
        perror("forwarder: counter file");
        return 1;
    }
    z_stream zlib = { 0 };
    deflateInit(&zlib, 9);
    EVP_CIPHER_CTX *aes = EVP_CIPHER_CTX_new();
    EVP_MD_CTX *md5 = EVP_MD_CTX_new();
    unsigned char key[32] = { 7 }, iv[16] = { 9 }, digest[EVP_MAX_MD_SIZE];
    unsigned long local_count = 0;
    int draining = 0;

    for (;;) {
        ssize_t n;
        if (coalesce) {
            n = recv(queue, input, sizeof input, MSG_DONTWAIT);
            if (n < 0) {
                if (draining) {
                    draining = 0;
                    usleep(4000);
                    continue;
                }
                n = recv(queue, input, sizeof input, 0);
            } else {
                draining = 1;
            }
        } else {
            n = recv(queue, input, sizeof input, 0);
        }
        if (n <= 0)
            continue;

        const unsigned char *datagram = input;
        size_t length = (size_t)n;
        if (protocol) {
            char text[32];
            int text_length = snprintf(text, sizeof text, "0:%lu:", ++local_count);
            if (pwrite(counter, text, (size_t)text_length, 0) < 0)
                return 1;

            unsigned int digest_length = 0;
            EVP_DigestInit_ex(md5, EVP_md5(), NULL);
            EVP_DigestUpdate(md5, input, length);
            EVP_DigestFinal_ex(md5, digest, &digest_length);

            deflateReset(&zlib);
            zlib.next_in = input;
            zlib.avail_in = (uInt)length;
            zlib.next_out = packed;
            zlib.avail_out = sizeof packed;
            deflate(&zlib, Z_FINISH);

            int sealed_length = 0, tail = 0;
            EVP_EncryptInit_ex(aes, EVP_aes_256_cbc(), NULL, key, iv);
            EVP_EncryptUpdate(aes, sealed, &sealed_length, packed, (int)zlib.total_out);
            EVP_EncryptFinal_ex(aes, sealed + sealed_length, &tail);
            datagram = sealed;
            length = (size_t)(sealed_length + tail);
        }
        if (send(out, datagram, length, 0) < 0)
            perror("forwarder: send");
    }
}
