/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_RANGE_SPECTRUM_CHANNEL_H
#define DMM_RANGE_SPECTRUM_CHANNEL_H

#include "ns3/spectrum-channel.h"
#include "ns3/spectrum-converter.h"
#include "ns3/spectrum-model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{

class MobilityModel;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief A SpectrumChannel that schedules a signal only at the receivers within MaxRange of
 * the transmitter, for networks where most PHYs are far out of each other's reach.
 *
 * ns-3's MultiModelSpectrumChannel schedules every signal at every PHY on the channel and
 * applies its MaxLossDb only when the reception starts, so a transmission costs a copied signal
 * and an event at each of the channel's PHYs (and the SpectrumTransmitFilters' calls for each).
 * This channel first compares the distance from the transmitter with MaxRange, which the user
 * sets where the propagation loss model (deterministic) reaches MaxLossDb, antenna gains
 * included (the scenario's PHYs have isotropic 0 dB antennas): a receiver beyond it costs one
 * position read and is counted (GetOutOfRange). Within range the signal takes
 * the path MultiModelSpectrumChannel gives it: the same receivers in the same order (grouped by
 * receive spectrum model, each group in the order the PHYs were added), the same transmit
 * filters, propagation delay and antenna gains, spectrum conversion, path loss evaluated when
 * the reception starts and MaxLossDb applied then, the same traces; so a scenario whose
 * MaxRange is where MaxLossDb is reached runs as over MultiModelSpectrumChannel with that
 * MaxLossDb. A PHY's mobility model is looked up at its first transmission or reception in
 * range with one. PhasedArraySpectrumPropagationLossModel and wrap-around models are not
 * supported (a transmission with one aborts).
 */
class RangeSpectrumChannel : public SpectrumChannel
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    RangeSpectrumChannel();

    void AddRx(Ptr<SpectrumPhy> phy) override;
    void RemoveRx(Ptr<SpectrumPhy> phy) override;
    void StartTx(Ptr<SpectrumSignalParameters> params) override;
    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /// @return receptions not scheduled because the receiver was beyond MaxRange
    uint64_t GetOutOfRange() const;
    /// @return receptions scheduled
    uint64_t GetScheduled() const;

  protected:
    void DoDispose() override;

  private:
    /// A PHY on the channel and its mobility model once known.
    struct Receiver
    {
        Ptr<SpectrumPhy> phy;            //!< the PHY
        Ptr<MobilityModel> mobility;     //!< its mobility model (null until known)
    };

    /// The PHYs that receive with one spectrum model.
    struct Group
    {
        Ptr<const SpectrumModel> model;  //!< their receive spectrum model
        std::vector<Receiver> receivers; //!< in the order added
    };

    /**
     * @param receiver a receiver
     * @return its mobility model (looked up once), or null
     */
    static Ptr<MobilityModel> MobilityOf(Receiver& receiver);

    /**
     * @param from a transmit spectrum model
     * @param to a receive spectrum model
     * @return the converter between them, or null when they are orthogonal
     */
    const SpectrumConverter* Converter(Ptr<const SpectrumModel> from,
                                       Ptr<const SpectrumModel> to);

    /**
     * @brief A reception starts: the path loss now, MaxLossDb, then the receiver.
     * @param txPsd the transmitted power spectral density
     * @param txAntennaGain the transmit antenna's gain towards the receiver (dB)
     * @param params the receiver's copy of the signal
     * @param receiver the receiving PHY
     */
    void StartRx(Ptr<SpectrumValue> txPsd,
                 double txAntennaGain,
                 Ptr<SpectrumSignalParameters> params,
                 Ptr<SpectrumPhy> receiver);

    std::map<SpectrumModelUid_t, Group> m_groups; //!< receivers by receive spectrum model
    std::map<std::pair<SpectrumModelUid_t, SpectrumModelUid_t>,
             std::optional<SpectrumConverter>>
        m_converters; //!< converters made so far (none between orthogonal models)
    std::size_t m_nDevices{0};                     //!< PHYs on the channel
    double m_maxRange;                             //!< MaxRange (m)
    uint64_t m_outOfRange{0};                      //!< receptions beyond MaxRange
    uint64_t m_scheduled{0};                       //!< receptions scheduled
};

} // namespace dmm
} // namespace ns3

#endif // DMM_RANGE_SPECTRUM_CHANNEL_H
