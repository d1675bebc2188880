#include "util/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <vector>

namespace tdr::host {

namespace {
std::string toHex(const unsigned char* data, std::size_t len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}
}  // namespace

// SHA-256 fetched from the provider once (OpenSSL 3 looks it up again on every EVP_sha256()
// digest otherwise: a third of the cost of hashing a token).
static const EVP_MD* sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md ? md : EVP_sha256();
}

std::string sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, sha256Md(), nullptr);
  return toHex(md, len);
}

std::string hmacSha256Hex(const std::string& key, const std::string& data) {
  // OpenSSL's SHA-256 is several times faster than Poco's, and imports hash every national ID.
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(sha256Md(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return toHex(mac, len);
}

std::string randomHex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  for (std::size_t done = 0; done < bytes;) {  // getrandom(2): the kernel CSPRNG, no file
    std::size_t chunk = std::min<std::size_t>(256, bytes - done);
    if (getentropy(buf.data() + done, chunk) != 0) throw std::runtime_error("getentropy failed");
    done += chunk;
  }
  return toHex(buf.data(), buf.size());
}

std::string requestId() {
  thread_local std::mt19937_64 generator([] {
    std::uint64_t seed = 0;
    if (getentropy(&seed, sizeof seed) != 0) seed = std::random_device{}();
    return seed;
  }());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(generator()));
  return buf;
}

}  // namespace tdr::host

namespace tdr::host {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), sha256Md(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::update(const char* data, std::size_t size) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size);
}

std::string Sha256::hex() const {
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(copy, static_cast<EVP_MD_CTX*>(ctx_));
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(copy, md, &len);
  EVP_MD_CTX_free(copy);
  return toHex(md, len);
}

}  // namespace tdr::host
