import { Invitation, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';
import { audioOnlyOffer, auditSdp } from './sip-policy';

/**
 * The SessionDescriptionHandler seam's half of the SIP policy (ADR 0020), around whatever
 * handler sip.js would use (WebRTC in the app, a fake in logic tests):
 * - no local description (so no microphone, no ICE, no DTLS) for an inbound call the agent has not
 *   answered, whatever sip.js is asked to do (reliable provisionals, early UPDATEs, …);
 * - every remote description audited (unreadable or audio-less SDP is refused: sip.js then answers
 *   488 to a re-INVITE and keeps the call) and stripped to audio (other media get port 0).
 */
export function policySdhFactory(
  inner: SessionDescriptionHandlerFactory,
  answered: WeakSet<Session>,
  /** A remote description was taken (e.g. the answer in the ACK of a late offer). */
  onRemoteDescription: (session: Session) => void = () => undefined,
): SessionDescriptionHandlerFactory {
  return (session, options) => {
    const sdh = inner(session, options);
    const getDescription = sdh.getDescription.bind(sdh);
    const setDescription = sdh.setDescription.bind(sdh);
    sdh.getDescription = (...args) => {
      if (session instanceof Invitation && !answered.has(session)) {
        return Promise.reject(new Error('no media before the agent answers'));
      }
      return getDescription(...args);
    };
    sdh.setDescription = (sdp, ...rest) => {
      const audit = auditSdp(sdp);
      if (!audit.ok) return Promise.reject(new Error(`SDP refused: ${audit.detail}`));
      return setDescription(audioOnlyOffer(sdp), ...rest).then(() => onRemoteDescription(session));
    };
    return sdh;
  };
}
