package io.litevfs.protocol.ltx;

/**
 * What verifying a whole LTX file found.
 *
 * @param header    the header
 * @param trailer   the trailer
 * @param pageCount how many pages the file holds
 */
public record LtxFileSummary(LtxHeader header, LtxTrailer trailer, int pageCount) {
}
